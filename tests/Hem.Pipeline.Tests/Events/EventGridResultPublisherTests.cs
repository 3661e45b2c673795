using Hem.Testing;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Core;
using Azure.Messaging;
using Hem.Pipeline.Configuration;
using Hem.Pipeline.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Tests.Events;

/// <summary>
/// The publisher over real HTTP: EventGridPublisherClient, configured as the app configures it, sends to a Kestrel
/// receiver standing in for the topic; the tests read what arrived as a subscriber would.
/// </summary>
public sealed class EventGridResultPublisherTests
{
    private const string TopicKey = "dGVzdC10b3BpYy1rZXk=";

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 21, 30, 15, 250, TimeSpan.Zero);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_completed_prediction_arrives_as_a_CloudEvent_a_subscriber_parses()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Token);
        var publisher = CreatePublisher(receiver);
        var outcome = SampleOutcomes.Completed();

        await publisher.PublishAsync(ResultEvents.PredictionCompleted(outcome), Token);

        var request = Assert.Single(receiver.Requests);
        var cloudEvent = Assert.Single(CloudEvent.ParseMany(request.Body));
        Assert.Equal(ResultEventTypes.PredictionCompleted, cloudEvent.Type);
        Assert.Equal("/hemfunctions/pipeline", cloudEvent.Source);
        Assert.Equal("studies/st-4b1d9e/hem-unet-1.2.0", cloudEvent.Subject);
        Assert.Equal(ResultEventIds.For(SampleOutcomes.InstanceId, ResultEventTypes.PredictionCompleted), cloudEvent.Id);
        Assert.Equal(Now, cloudEvent.Time);
        Assert.Equal("application/json", cloudEvent.DataContentType);
        var data = JsonNode.Parse(cloudEvent.Data!)!;
        Assert.Equal("st-4b1d9e", data["studyKey"]!.GetValue<string>());
        Assert.Equal("hem-unet-1.2.0", data["modelVersion"]!.GetValue<string>());
        Assert.Equal(SampleOutcomes.InstanceId, data["instanceId"]!.GetValue<string>());
        Assert.Equal(18.4, data["baselineVolumeMl"]!.GetValue<double>());
        Assert.Equal(27.9, data["predictedFollowupVolumeMl"]!.GetValue<double>());
        Assert.Equal(9.5, data["predictedGrowthMl"]!.GetValue<double>());
        Assert.True(data["hematomaExpansionPredicted"]!.GetValue<bool>());
        Assert.Equal("results", data["outputs"]!["container"]!.GetValue<string>());
        Assert.Equal("st-4b1d9e/hem-unet-1.2.0/", data["outputs"]!["folder"]!.GetValue<string>());
        Assert.Equal(outcome.Outputs.Files, data["outputs"]!["files"]!.AsArray().Select(f => f!.GetValue<string>()));
        // The data object a subscriber deserialises is the outcome that was published.
        var received = cloudEvent.Data!.ToObjectFromJson<PredictionCompletedData>(EventGridResultPublisher.DataJsonOptions)!;
        Assert.Equal(outcome with { Outputs = received.Outputs }, received);
        Assert.Equal(outcome.Outputs with { Files = received.Outputs.Files }, received.Outputs);
    }

    [Fact]
    public async Task The_topic_key_travels_in_the_aeg_sas_key_header_and_the_body_is_a_CloudEvents_batch()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Token);

        await CreatePublisher(receiver).PublishAsync(ResultEvents.StudyRejected(SampleOutcomes.Rejected()), Token);

        var request = Assert.Single(receiver.Requests);
        Assert.Equal(TopicKey, request.Headers["aeg-sas-key"]);
        Assert.StartsWith("application/cloudevents-batch+json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var body = JsonNode.Parse(request.Body)!.AsArray();
        var single = Assert.Single(body)!;
        Assert.Equal("1.0", single["specversion"]!.GetValue<string>());
        Assert.Equal(Now, DateTimeOffset.Parse(single["time"]!.GetValue<string>(), CultureInfo.InvariantCulture));
        Assert.Equal("inputs/" + SampleOutcomes.InstanceId, single["subject"]!.GetValue<string>());
        Assert.Equal("no-ct", single["data"]!["code"]!.GetValue<string>());
        Assert.Equal("incoming/uploads/study-0193.zip", single["data"]!["inputBlobPath"]!.GetValue<string>());
    }

    [Fact]
    public async Task Publishing_the_same_outcome_twice_repeats_the_id_and_another_instance_gets_another()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Token);
        var publisher = CreatePublisher(receiver);

        await publisher.PublishAsync(ResultEvents.PredictionCompleted(SampleOutcomes.Completed()), Token);
        await publisher.PublishAsync(ResultEvents.PredictionCompleted(SampleOutcomes.Completed()), Token);
        await publisher.PublishAsync(ResultEvents.PredictionCompleted(SampleOutcomes.Completed(SampleOutcomes.OtherInstanceId)), Token);
        await publisher.PublishAsync(ResultEvents.PredictionFailed(SampleOutcomes.Failed()), Token);

        var ids = receiver.Requests.Select(r => Assert.Single(CloudEvent.ParseMany(r.Body)).Id).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(ids[0], ids[1]);
        Assert.NotEqual(ids[0], ids[2]);
        Assert.NotEqual(ids[0], ids[3]);
    }

    [Fact]
    public async Task A_failure_carries_its_step_and_error_class_and_a_null_study_key_before_one_exists()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Token);

        await CreatePublisher(receiver).PublishAsync(ResultEvents.PredictionFailed(SampleOutcomes.Failed(studyKey: null) with { Step = "validate", ErrorClass = FailureClass.Unexpected }), Token);

        var cloudEvent = Assert.Single(CloudEvent.ParseMany(Assert.Single(receiver.Requests).Body));
        Assert.Equal(ResultEventTypes.PredictionFailed, cloudEvent.Type);
        Assert.Equal("inputs/" + SampleOutcomes.InstanceId, cloudEvent.Subject);
        var data = JsonNode.Parse(cloudEvent.Data!)!.AsObject();
        Assert.True(data.ContainsKey("studyKey"));
        Assert.Null(data["studyKey"]);
        Assert.Equal("validate", data["step"]!.GetValue<string>());
        Assert.Equal("unexpected", data["errorClass"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_published_event_type_matches_the_envelope_schema_and_its_data_schema()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Token);
        var publisher = CreatePublisher(receiver);
        foreach (var resultEvent in SampleOutcomes.OneOfEach())
        {
            await publisher.PublishAsync(resultEvent, Token);
        }

        var published = receiver.Requests.SelectMany(r => JsonNode.Parse(r.Body)!.AsArray()).ToList();
        Assert.Equal(EventSchemas.Types.Order(StringComparer.Ordinal), published.Select(e => e!["type"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var cloudEvent in published)
        {
            await EventSchemas.AssertValidCloudEventAsync(cloudEvent!, "published " + cloudEvent!["type"], Token);
        }
    }

    [Fact]
    public async Task The_schemas_reject_data_that_lacks_a_required_field()
    {
        await using var receiver = await WebhookReceiver.StartAsync(Token);
        await CreatePublisher(receiver).PublishAsync(ResultEvents.PredictionCompleted(SampleOutcomes.Completed()), Token);
        var data = JsonNode.Parse(Assert.Single(receiver.Requests).Body)![0]!["data"]!.AsObject();
        data.Remove("outputs");

        var result = await EventSchemas.ValidateAsync(EventSchemas.DataSchema(ResultEventTypes.PredictionCompleted), data, Token);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("outputs", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_topic_endpoint_resolving_the_publisher_names_the_missing_setting()
    {
        using var services = new ServiceCollection().AddResultEvents(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(services.GetRequiredService<IResultEventPublisher>);
        Assert.Contains(SettingNames.ResultTopicEndpoint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_the_managed_identity_path_is_used_and_Azure_Core_refuses_bearer_tokens_over_plain_http()
    {
        // The reason the key-credential tests can use a plain-http receiver: Azure.Core's key policy (aeg-sas-key)
        // sends over any scheme, its bearer-token policy only over https.
        await using var receiver = await WebhookReceiver.StartAsync(Token);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.ResultTopicEndpoint] = receiver.Url.ToString() })
            .Build();
        var credential = new StaticTokenCredential();
        using var services = new ServiceCollection().AddSingleton<TokenCredential>(credential).AddResultEvents(configuration).BuildServiceProvider();
        var publisher = services.GetRequiredService<IResultEventPublisher>();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(ResultEvents.StudyRejected(SampleOutcomes.Rejected()), Token));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    /// <summary>The publisher as the app registers it, with the receiver as the topic and a fixed clock.</summary>
    private static IResultEventPublisher CreatePublisher(WebhookReceiver receiver)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SettingNames.ResultTopicEndpoint] = receiver.Url.ToString(),
                [SettingNames.ResultTopicKey] = TopicKey,
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(new FixedTimeProvider(Now))
            .AddResultEvents(configuration)
            .BuildServiceProvider();
        return services.GetRequiredService<IResultEventPublisher>();
    }

    private sealed class StaticTokenCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new("not-a-real-token", DateTimeOffset.UtcNow.AddHours(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
