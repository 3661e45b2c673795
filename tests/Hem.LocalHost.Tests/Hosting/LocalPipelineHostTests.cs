using Hem.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Messaging;
using Azure.Storage.Blobs;
using Hem.LocalHost.Client;
using Hem.LocalHost.DevEvents;
using Hem.LocalHost.Hosting;
using Hem.Pipeline.Events;
using Hem.Pipeline.Orchestration;

namespace Hem.LocalHost.Tests.Hosting;

/// <summary>
/// The local host end to end, everything real: Azurite, the inference service as its own process, the durable backend
/// on Azurite, the development event source, the intake, the StudyPipeline, the local topic, a subscriber webhook.
/// </summary>
[Collection(LocalStackGroup.Name)]
public sealed class LocalPipelineHostTests(InferenceServiceFixture inference)
{
    private static readonly TimeSpan ResultTimeout = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly string _deidentificationKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_study_dropped_into_incoming_completes_with_outputs_one_event_in_the_file_and_at_the_subscriber()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        await using var subscriber = await WebhookReceiver.StartAsync(Token);
        await using var host = await StartHostAsync(storage, inference.BaseUrl, [subscriber.Url]);
        string zip = await SyntheticStudies.ZipAsync(storage.Folder, 7, 1, Token);
        var events = new EventsFile(host.Options.EventsFile);

        var uploaded = await new StudyUploader(Blobs(storage)).UploadAsync(zip, "ward 7/Doe^Jane.zip", Token);
        var result = await WaitAsync(host, events, uploaded.InstanceId);

        Assert.Equal(ResultEventTypes.PredictionCompleted, result.Type);
        var data = result.Data!.ToObjectFromJson<PredictionCompletedData>(EventGridResultPublisher.DataJsonOptions)!;
        Assert.Equal(uploaded.InstanceId, data.InstanceId);
        Assert.Equal(ResultEventIds.For(uploaded.InstanceId, ResultEventTypes.PredictionCompleted), result.Id);
        var results = Blobs(storage).GetBlobContainerClient(data.Outputs.Container);
        foreach (string file in new[] { "volumes.json", "prediction.seg.dcm", "report.pdf", "provenance.json" })
        {
            Assert.True(await results.GetBlobClient(data.Outputs.Folder + file).ExistsAsync(Token), file);
        }

        var delivered = await subscriber.WaitForAsync(1, TimeSpan.FromSeconds(30), Token);
        var received = CloudEvent.Parse(Assert.Single(delivered).Body)!;
        Assert.Equal(result.Id, received.Id);
        Assert.Equal("application/cloudevents+json", Assert.Single(delivered).ContentType.Split(';')[0]);
        Assert.Single(await AllAsync(events), e => e.Type == ResultEventTypes.PredictionCompleted);

        // The run ends a moment after its event: the work area is cleaned up after publishing.
        await host.Host.WaitUntilEndedAsync(uploaded.InstanceId, TimeSpan.FromMinutes(1), Token);
        using var http = new HttpClient();
        var status = await http.GetFromJsonAsync<StudyRunStatus>(new Uri(host.Host.BaseUrl, "api/studies/" + data.StudyKey), Token);
        Assert.Equal(StudyPipelineResult.Completed, status!.Outcome);
        Assert.Equal(uploaded.InstanceId, status.InstanceId);
        using var health = await http.GetAsync(new Uri(host.Host.BaseUrl, "api/health"), Token);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        using var bad = await http.GetAsync(new Uri(host.Host.BaseUrl, "api/studies/not-a-key"), Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_host_stopped_in_the_middle_of_a_run_is_replaced_and_the_study_completes_once()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        await using var gate = await InferenceGate.StartAsync(inference.BaseUrl, Token);
        string zip = await SyntheticStudies.ZipAsync(storage.Folder, 7, 2, Token);
        gate.Close();
        UploadedStudy uploaded;
        var first = await StartHostAsync(storage, gate.Url, []);
        try
        {
            uploaded = await new StudyUploader(Blobs(storage)).UploadAsync(zip, null, Token);
            await gate.Held.WaitAsync(ResultTimeout, Token);
            var running = await first.Host.Client.GetInstanceAsync(uploaded.InstanceId, getInputsAndOutputs: true, Token);
            Assert.Equal(StudyPipeline.PredictStep, running!.ReadCustomStatusAs<PipelineStatus>()!.Step);
        }
        finally
        {
            // As a stopped (or crashed) host would: the prediction in flight is never answered to it.
            await first.DisposeAsync();
        }

        gate.Open();
        await using var second = await StartHostAsync(storage, gate.Url, []);
        var events = new EventsFile(second.Options.EventsFile);
        var result = await WaitAsync(second, events, uploaded.InstanceId);

        Assert.Equal(ResultEventTypes.PredictionCompleted, result.Type);
        var done = await second.Host.Client.WaitForInstanceCompletionAsync(uploaded.InstanceId, getInputsAndOutputs: true, Token);
        Assert.Equal(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        await Task.Delay(TimeSpan.FromSeconds(3), Token);
        var all = await AllAsync(events);
        Assert.Single(all, e => RunWatcher.InstanceOf(e) == uploaded.InstanceId);

        // The activity that was cut off ran again (at least once): the prediction request was sent twice, the run's
        // outcome was published once.
        Assert.Equal(2, gate.Predictions);
    }

    [Fact]
    public async Task Three_studies_submitted_together_all_complete()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        await using var host = await StartHostAsync(storage, inference.BaseUrl, []);
        var events = new EventsFile(host.Options.EventsFile);
        var uploader = new StudyUploader(Blobs(storage));
        var zips = await Task.WhenAll(Enumerable.Range(1, 3).Select(n => SyntheticStudies.ZipAsync(storage.Folder, 11, n, Token)));

        var uploads = await Task.WhenAll(zips.Select(zip => uploader.UploadAsync(zip, null, Token)));
        var results = await Task.WhenAll(uploads.Select(u => WaitAsync(host, events, u.InstanceId)));

        Assert.All(results, r => Assert.Equal(ResultEventTypes.PredictionCompleted, r.Type));
        Assert.Equal(3, results.Select(r => r.Data!.ToObjectFromJson<PredictionCompletedData>(EventGridResultPublisher.DataJsonOptions)!.StudyKey).Distinct().Count());
        Assert.Equal(3, (await AllAsync(events)).Count(e => e.Type == ResultEventTypes.PredictionCompleted));
    }

    [Fact]
    public async Task After_a_restart_the_event_source_sends_nothing_for_blobs_it_already_sent()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        string zip = await SyntheticStudies.ZipAsync(storage.Folder, 7, 3, Token);
        var uploader = new StudyUploader(Blobs(storage));
        UploadedStudy uploaded;
        await using (var first = await StartHostAsync(storage, inference.BaseUrl, []))
        {
            uploaded = await uploader.UploadAsync(zip, null, Token);
            await WaitAsync(first, new EventsFile(first.Options.EventsFile), uploaded.InstanceId);
        }

        await using var second = await StartHostAsync(storage, inference.BaseUrl, [], watchIncoming: false);
        using var http = new HttpClient();
        using var source = new BlobEventSource(Blobs(storage), http, new BlobEventSourceOptions { IntakeUrl = second.Host.IntakeUrl }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<BlobEventSource>.Instance);

        var unchanged = await source.PollOnceAsync(Token);
        var again = await uploader.UploadAsync(zip, "second upload.zip", Token);
        var changed = await source.PollOnceAsync(Token);

        Assert.Equal(0, unchanged.Delivered);
        Assert.Equal(1, changed.Delivered);
        var rerun = await WaitAsync(second, new EventsFile(second.Options.EventsFile), again.InstanceId);
        Assert.Equal(ResultEventTypes.PredictionCompleted, rerun.Type);
        Assert.NotNull(await second.Host.Client.GetInstanceAsync(uploaded.InstanceId, Token));
    }

    private static BlobServiceClient Blobs(OwnStorage storage) => new(storage.Azurite.ConnectionString);

    private Task<RunningHost> StartHostAsync(OwnStorage storage, Uri inferenceUrl, IReadOnlyList<Uri> subscribers, bool watchIncoming = true) =>
        RunningHost.StartAsync(storage, inferenceUrl, inference.ApiKey, _deidentificationKey, subscribers, watchIncoming, Token);

    private static async Task<CloudEvent> WaitAsync(RunningHost host, EventsFile events, string instanceId)
    {
        using var http = new HttpClient();
        return await new RunWatcher(http, host.Host.BaseUrl, events).WaitAsync(instanceId, 0, ResultTimeout, null, Token);
    }

    private static async Task<List<CloudEvent>> AllAsync(EventsFile events)
    {
        var all = new List<CloudEvent>();
        await foreach (var e in events.ReadAsync(0, follow: false, Token))
        {
            all.Add(e);
        }

        return all;
    }
}
