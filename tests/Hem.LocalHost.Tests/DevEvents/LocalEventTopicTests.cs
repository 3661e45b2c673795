using Hem.Testing;
using System.Net;
using System.Text;
using Azure;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Hem.LocalHost.DevEvents;
using Hem.Pipeline.Configuration;
using Hem.Pipeline.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.Tests.DevEvents;

/// <summary>
/// The local topic on its own Kestrel at 127.0.0.1, published to by the pipeline's real publisher
/// (<see cref="EventGridResultPublisher"/> with the topic key), delivering to Kestrel subscribers.
/// </summary>
public sealed class LocalEventTopicTests : IAsyncLifetime
{
    private const string Key = "bG9jYWwtdG9waWMta2V5";

    private static readonly DeliveryRetry Fast = new() { MaxAttempts = 4, FirstDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) };

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly string _folder = Directory.CreateTempSubdirectory("hem-local-topic-").FullName;
    private readonly RecordingLogs _logs = new();
    private readonly List<IAsyncDisposable> _started = [];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string EventsFile => Path.Combine(_folder, LocalEventTopicOptions.DefaultEventsFileName);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var started in Enumerable.Reverse(_started))
        {
            await started.DisposeAsync();
        }

        _logs.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_event_from_the_pipelines_publisher_is_written_as_one_line_and_delivered_to_the_subscriber()
    {
        var subscriber = await StartReceiverAsync();
        var topic = await StartTopicAsync(subscriber.Url);
        var resultEvent = Rejected("study-00000000000000000000000000000001");

        await Publisher(topic.TopicEndpoint, Key).PublishAsync(resultEvent, Token);

        var line = Assert.Single(await File.ReadAllLinesAsync(EventsFile, Token));
        var journaled = CloudEvent.Parse(BinaryData.FromString(line))!;
        Assert.Equal(resultEvent.Id, journaled.Id);
        Assert.Equal(ResultEventTypes.StudyRejected, journaled.Type);
        Assert.Equal(ResultEventTypes.Source, journaled.Source);
        Assert.Equal(resultEvent.Subject, journaled.Subject);

        var delivery = Assert.Single(await subscriber.WaitForAsync(1, Wait, Token));
        Assert.Equal("application/cloudevents+json; charset=utf-8", delivery.ContentType);
        Assert.Equal(0, delivery.DeliveryCount);
        var delivered = CloudEvent.Parse(delivery.Body)!;
        Assert.Equal(resultEvent.Id, delivered.Id);
        Assert.Equal("no-ct", delivered.Data!.ToObjectFromJson<StudyRejectedData>(EventGridResultPublisher.DataJsonOptions)!.Code);
        Assert.Equal(line, delivery.Body.ToString());
    }

    [Fact]
    public async Task A_batch_is_one_line_per_event_and_one_delivery_per_event_to_every_subscriber()
    {
        var first = await StartReceiverAsync();
        var second = await StartReceiverAsync();
        var topic = await StartTopicAsync(first.Url, second.Url);
        var client = new EventGridPublisherClient(topic.TopicEndpoint, new AzureKeyCredential(Key));
        CloudEvent[] batch = [.. Enumerable.Range(1, 3).Select(i => new CloudEvent("/tests", "Hem.Test", new { n = i }) { Id = $"event-{i}" })];

        await client.SendEventsAsync(batch, Token);

        var lines = await File.ReadAllLinesAsync(EventsFile, Token);
        Assert.Equal(["event-1", "event-2", "event-3"], lines.Select(l => CloudEvent.Parse(BinaryData.FromString(l))!.Id));
        foreach (var subscriber in new[] { first, second })
        {
            var deliveries = await subscriber.WaitForAsync(3, Wait, Token);
            Assert.Equal(["event-1", "event-2", "event-3"], deliveries.Select(d => CloudEvent.Parse(d.Body)!.Id).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task A_subscriber_answering_500_twice_gets_the_event_on_the_third_attempt()
    {
        var subscriber = await StartReceiverAsync();
        subscriber.Answer(500, 500);
        var topic = await StartTopicAsync(subscriber.Url);
        var resultEvent = Rejected("study-00000000000000000000000000000002");

        await Publisher(topic.TopicEndpoint, Key).PublishAsync(resultEvent, Token);

        var attempts = await subscriber.WaitForAsync(3, Wait, Token);
        await Task.Delay(300, Token);
        Assert.Equal(3, subscriber.Requests.Count);
        Assert.Equal([0, 1, 2], attempts.Select(a => a.DeliveryCount));
        Assert.All(attempts, a => Assert.Equal(resultEvent.Id, CloudEvent.Parse(a.Body)!.Id));
        Assert.Contains(_logs.Messages, m => m.Contains(resultEvent.Id, StringComparison.Ordinal) && m.Contains("3 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscriber_refusing_with_400_is_not_tried_again_and_the_failure_is_logged_with_the_id_and_status()
    {
        var subscriber = await StartReceiverAsync();
        subscriber.DefaultStatus = 400;
        var topic = await StartTopicAsync(subscriber.Url);
        var resultEvent = Rejected("study-00000000000000000000000000000003");

        await Publisher(topic.TopicEndpoint, Key).PublishAsync(resultEvent, Token);

        await subscriber.WaitForAsync(1, Wait, Token);
        await WaitForLogAsync(m => m.Contains(resultEvent.Id, StringComparison.Ordinal) && m.Contains("Rejected", StringComparison.Ordinal) && m.Contains("400", StringComparison.Ordinal));
        Assert.Single(subscriber.Requests);
    }

    [Fact]
    public async Task A_subscriber_that_keeps_failing_gets_the_bounded_number_of_attempts_and_the_failure_is_logged()
    {
        var subscriber = await StartReceiverAsync();
        subscriber.DefaultStatus = 503;
        var topic = await StartTopicAsync(subscriber.Url);
        var resultEvent = Rejected("study-00000000000000000000000000000004");

        await Publisher(topic.TopicEndpoint, Key).PublishAsync(resultEvent, Token);

        await WaitForLogAsync(m => m.Contains(resultEvent.Id, StringComparison.Ordinal) && m.Contains("Failed", StringComparison.Ordinal) && m.Contains("503", StringComparison.Ordinal));
        Assert.Equal([0, 1, 2, 3], subscriber.Requests.Select(r => r.DeliveryCount));
    }

    [Fact]
    public async Task A_wrong_key_gets_401_and_nothing_is_written_or_delivered()
    {
        var subscriber = await StartReceiverAsync();
        var topic = await StartTopicAsync(subscriber.Url);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => Publisher(topic.TopicEndpoint, "not-the-key").PublishAsync(Rejected("study-00000000000000000000000000000005"), Token));
        using var http = new HttpClient();
        using var keyless = await http.PostAsync(topic.TopicEndpoint, new StringContent("[]", Encoding.UTF8, "application/cloudevents-batch+json"), Token);

        Assert.Equal(401, error.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
        await Task.Delay(200, Token);
        Assert.False(File.Exists(EventsFile) && new FileInfo(EventsFile).Length > 0);
        Assert.Empty(subscriber.Requests);
    }

    [Fact]
    public async Task A_body_with_an_event_that_is_not_a_CloudEvent_gets_400_and_none_of_its_events_is_taken()
    {
        var subscriber = await StartReceiverAsync();
        var topic = await StartTopicAsync(subscriber.Url);
        using var http = new HttpClient();

        const string Body = """[{"specversion":"1.0","id":"good","source":"/s","type":"t"},{"id":"no-source","specversion":"1.0","type":"t"}]""";
        using var mixed = await Post(http, topic.TopicEndpoint, Body);
        using var notJson = await Post(http, topic.TopicEndpoint, "{not json");
        using var empty = await Post(http, topic.TopicEndpoint, "[]");
        using var tooLarge = await Post(http, topic.TopicEndpoint, new string(' ', LocalEventTopicOptions.EventGridMaxRequestBytes + 1));

        Assert.Equal(HttpStatusCode.BadRequest, mixed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.DoesNotContain("no-source", await mixed.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        await Task.Delay(200, Token);
        Assert.False(File.Exists(EventsFile) && new FileInfo(EventsFile).Length > 0);
        Assert.Empty(subscriber.Requests);
    }

    [Fact]
    public async Task Concurrent_publishes_each_leave_one_whole_line()
    {
        var topic = await StartTopicAsync();
        var publisher = Publisher(topic.TopicEndpoint, Key);
        var events = Enumerable.Range(0, 24).Select(i => Rejected($"study-{i:x32}")).ToList();

        await Task.WhenAll(events.Select(e => publisher.PublishAsync(e, Token)));

        var lines = await File.ReadAllLinesAsync(EventsFile, Token);
        Assert.Equal(events.Select(e => e.Id).Order(StringComparer.Ordinal), lines.Select(l => CloudEvent.Parse(BinaryData.FromString(l))!.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_slow_subscriber_holds_up_neither_the_publisher_nor_another_subscriber()
    {
        var slow = await StartReceiverAsync();
        slow.HoldFrom(1);
        var quick = await StartReceiverAsync();
        var topic = await StartTopicAsync(slow.Url, quick.Url);
        var publisher = Publisher(topic.TopicEndpoint, Key);

        await publisher.PublishAsync(Rejected("study-00000000000000000000000000000006"), Token);
        await publisher.PublishAsync(Rejected("study-00000000000000000000000000000007"), Token);

        Assert.Equal(2, (await quick.WaitForAsync(2, Wait, Token)).Count);
        Assert.Single(slow.Requests);
        Assert.Equal(2, (await File.ReadAllLinesAsync(EventsFile, Token)).Length);
        slow.Release();
        await slow.WaitForAsync(2, Wait, Token);
    }

    [Fact]
    public void The_key_check_takes_only_the_exact_key()
    {
        var check = new TopicKeyCheck(Key);

        Assert.True(check.Matches(Key));
        Assert.False(check.Matches(Key + "x"));
        Assert.False(check.Matches(Key[..^1]));
        Assert.False(check.Matches(Key.ToUpperInvariant()));
        Assert.False(check.Matches(""));
        Assert.False(check.Matches(null));
    }

    private static ResultEvent Rejected(string instanceId) =>
        ResultEvents.StudyRejected(new StudyRejectedData(instanceId, "no-ct", "The study has no CT series (modalities found: MR).", "incoming/uploads/study.zip"));

    /// <summary>The publisher as the pipeline registers it, with the local topic's endpoint and a key.</summary>
    private static IResultEventPublisher Publisher(Uri topicEndpoint, string key)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SettingNames.ResultTopicEndpoint] = topicEndpoint.ToString(),
                [SettingNames.ResultTopicKey] = key,
            })
            .Build();
        return new ServiceCollection().AddResultEvents(configuration).BuildServiceProvider().GetRequiredService<IResultEventPublisher>();
    }

    private static Task<HttpResponseMessage> Post(HttpClient http, Uri url, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/cloudevents-batch+json") };
        request.Headers.Add(TopicKeyCheck.HeaderName, Key);
        return http.SendAsync(request, Token);
    }

    private async Task<WebhookReceiver> StartReceiverAsync()
    {
        var receiver = await WebhookReceiver.StartAsync(Token);
        _started.Add(receiver);
        return receiver;
    }

    private async Task<LocalEventTopicHost> StartTopicAsync(params Uri[] subscribers)
    {
        var options = new LocalEventTopicOptions { Key = Key, EventsFile = EventsFile, Subscribers = subscribers, Retry = Fast };
        var topic = await LocalEventTopicHost.StartAsync(options, port: 0, logging => logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug), Token);
        _started.Add(topic);
        return topic;
    }

    private async Task WaitForLogAsync(Func<string, bool> match)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!_logs.Messages.Any(match))
        {
            Assert.True(DateTime.UtcNow < deadline, "no such log line: " + string.Join('\n', _logs.Messages));
            await Task.Delay(20, Token);
        }
    }
}
