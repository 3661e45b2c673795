using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.LocalHost.DevEvents;
using Hem.Pipeline.Intake;
using Hem.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hem.LocalHost.Tests.DevEvents;

/// <summary>
/// The event source on real Azurite, delivering to a real Kestrel webhook; each test watches a container of its own.
/// Polls are made one at a time with <see cref="BlobEventSource.PollOnceAsync"/>, except where the loop is the subject.
/// </summary>
[Collection(DevEventsAzurite.Name)]
public sealed class BlobEventSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DeliveryRetry Fast = new() { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private readonly string _containerName = "in-" + Guid.NewGuid().ToString("N")[..16];
    private readonly HttpClient _http = new();
    private BlobServiceClient _storage = null!;
    private BlobContainerClient _container = null!;
    private WebhookReceiver _intake = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _storage = azurite.CreateBlobServiceClient();
        _container = _storage.GetBlobContainerClient(_containerName);
        await _container.CreateAsync(cancellationToken: Token);
        _intake = await WebhookReceiver.StartAsync(Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _intake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task An_uploaded_zip_arrives_once_as_a_BlobCreated_event_that_the_SDK_and_the_intake_read()
    {
        using var source = CreateSource();
        var blob = _container.GetBlobClient("uploads/study-0001.zip");
        var uploaded = await blob.UploadAsync(BinaryData.FromString("PK zip"), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } }, Token);

        var result = await source.PollOnceAsync(Token);

        Assert.Equal(new PollResult(1, 1, 0, 0, 0), result);
        var request = Assert.Single(_intake.Requests);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("Notification", request.Headers["aeg-event-type"]);
        Assert.Equal(0, request.DeliveryCount);

        var parsed = Assert.Single(EventGridEvent.ParseMany(request.Body));
        Assert.Equal(SystemEventNames.StorageBlobCreated, parsed.EventType);
        Assert.Equal($"/blobServices/default/containers/{_containerName}/blobs/uploads/study-0001.zip", parsed.Subject);
        Assert.Equal("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/devstoreaccount1", parsed.Topic);
        Assert.True(parsed.TryGetSystemEventData(out object data));
        var blobCreated = Assert.IsType<StorageBlobCreatedEventData>(data);
        Assert.Equal(blob.Uri.AbsoluteUri, blobCreated.Url);
        Assert.Equal(6, blobCreated.ContentLength);
        Assert.Equal("application/zip", blobCreated.ContentType);

        var submission = Assert.Single(new EventIntake(new IntakeFilter(_containerName)).Parse(request.Body, request.ContentType).Submissions);
        Assert.Equal(SubmissionKind.Zip, submission.Kind);
        Assert.Equal(_containerName, submission.Container);
        Assert.Equal("uploads/study-0001.zip", submission.BlobName);
        Assert.Equal("uploads/study-0001.zip", submission.StudyPath);
        Assert.Equal(InstanceIds.NormaliseETag(uploaded.Value.ETag.ToString()), submission.ETag);
        Assert.Equal(blob.Uri, submission.BlobUrl);
        Assert.Equal(InstanceIds.For(blob.Uri, uploaded.Value.ETag.ToString()), submission.InstanceId);
    }

    [Fact]
    public async Task An_overwritten_blob_is_sent_again_with_its_new_ETag_and_an_unchanged_one_never()
    {
        using var source = CreateSource();
        var blob = _container.GetBlobClient("study.zip");
        var first = await blob.UploadAsync(BinaryData.FromString("one"), Token);
        await source.PollOnceAsync(Token);

        var second = await blob.UploadAsync(BinaryData.FromString("two"), overwrite: true, Token);
        var afterOverwrite = await source.PollOnceAsync(Token);
        var later = new List<PollResult>();
        for (int i = 0; i < 5; i++)
        {
            later.Add(await source.PollOnceAsync(Token));
        }

        Assert.Equal(1, afterOverwrite.Delivered);
        Assert.All(later, poll => Assert.Equal(new PollResult(1, 0, 0, 0, 0), poll));
        Assert.Equal(2, _intake.Requests.Count);
        var eTags = _intake.Requests.Select(r => Assert.Single(Submissions(r)).ETag).ToList();
        Assert.Equal([Normalised(first.Value.ETag), Normalised(second.Value.ETag)], eTags);
        Assert.NotEqual(eTags[0], eTags[1]);
    }

    [Fact]
    public async Task A_restarted_source_reads_its_record_from_storage_and_sends_only_what_is_new()
    {
        await Upload("a.zip");
        using (var first = CreateSource())
        {
            Assert.Equal(1, (await first.PollOnceAsync(Token)).Delivered);
        }

        using var restarted = CreateSource();
        var unchanged = await restarted.PollOnceAsync(Token);
        var added = await Upload("b.zip");
        var afterUpload = await restarted.PollOnceAsync(Token);

        Assert.Equal(new PollResult(1, 0, 0, 0, 0), unchanged);
        Assert.Equal(new PollResult(2, 1, 0, 0, 0), afterUpload);
        Assert.Equal(["a.zip", "b.zip"], _intake.Requests.Select(r => Assert.Single(Submissions(r)).BlobName));
        // The record is a JSON blob in the state container, name to ETag.
        var state = _storage.GetBlobContainerClient("hem-local").GetBlobClient(EmittedBlobStore.StateBlobName(_containerName));
        var stored = (await state.DownloadContentAsync(Token)).Value.Content.ToString();
        Assert.Contains(Normalised(added.Value.ETag), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task While_the_intake_answers_503_nothing_is_recorded_and_the_event_comes_again_once_it_recovers()
    {
        await Upload("study.zip");
        using var source = CreateSource();
        _intake.DefaultStatus = 503;

        var down = await source.PollOnceAsync(Token);
        var stillDown = await source.PollOnceAsync(Token);
        int attemptsWhileDown = _intake.Requests.Count;
        var storedWhileDown = await Store().LoadAsync(Token);
        _intake.DefaultStatus = 200;
        var recovered = await source.PollOnceAsync(Token);
        var afterwards = await source.PollOnceAsync(Token);
        using var restarted = CreateSource();
        var afterRestart = await restarted.PollOnceAsync(Token);

        Assert.Equal(new PollResult(1, 0, 0, 1, 0), down);
        Assert.Equal(new PollResult(1, 0, 0, 1, 0), stillDown);
        Assert.Equal(2 * Fast.MaxAttempts, attemptsWhileDown);
        Assert.Equal([0, 1, 2, 0, 1, 2], _intake.Requests.Take(attemptsWhileDown).Select(r => r.DeliveryCount));
        Assert.Equal(0, storedWhileDown.Emitted.Count);
        Assert.Equal(1, recovered.Delivered);
        Assert.Equal(0, afterwards.Delivered + afterwards.Pending);
        Assert.Equal(0, afterRestart.Delivered + afterRestart.Pending);
        Assert.Equal(attemptsWhileDown + 1, _intake.Requests.Count);
        // Every attempt is the same event, as an Event Grid retry is.
        Assert.Single(_intake.Requests.Select(r => Assert.Single(EventGridEvent.ParseMany(r.Body)).Id).Distinct());
    }

    [Fact]
    public async Task A_delivery_the_intake_refuses_with_400_is_not_tried_again_until_the_blob_changes()
    {
        await Upload("study.zip");
        using var source = CreateSource();
        _intake.DefaultStatus = 400;

        var refused = await source.PollOnceAsync(Token);
        var next = await source.PollOnceAsync(Token);
        await Upload("study.zip");
        var changed = await source.PollOnceAsync(Token);

        Assert.Equal(new PollResult(1, 0, 1, 0, 0), refused);
        Assert.Equal(new PollResult(1, 0, 0, 0, 0), next);
        Assert.Equal(1, changed.Rejected);
        Assert.Equal([0, 0], _intake.Requests.Select(r => r.DeliveryCount));
    }

    [Fact]
    public async Task A_folder_is_sent_blob_by_blob_with_its_READY_marker_last_and_only_the_marker_starts_it()
    {
        const string Folder = "ward 3/series-0042/";
        string[] files = ["IM0001", "im0002.dcm", "sub/im0003.dcm"];
        foreach (string file in files)
        {
            await Upload(Folder + file);
        }

        var marker = await Upload(Folder + "_READY");
        using var source = CreateSource();

        var result = await source.PollOnceAsync(Token);

        Assert.Equal(4, result.Delivered);
        var decisions = _intake.Requests.Select(r => new EventIntake(new IntakeFilter(_containerName)).Parse(r.Body, r.ContentType)).ToList();
        Assert.Equal(4, decisions.Count);
        Assert.All(decisions.Take(3), d => Assert.Equal(IgnoreReason.NotAStudyInput, Assert.Single(d.Ignored).Reason));
        var folder = Assert.Single(decisions[3].Submissions);
        Assert.Equal(SubmissionKind.DicomFolder, folder.Kind);
        Assert.Equal(Folder + "_READY", folder.BlobName);
        Assert.Equal(Folder, folder.StudyPath);
        Assert.Equal(Normalised(marker.Value.ETag), folder.ETag);
        Assert.Contains("ward%203/series-0042/_READY", Assert.Single(EventGridEvent.ParseMany(_intake.Requests[3].Body)).TryGetSystemEventData(out object data)
            ? ((StorageBlobCreatedEventData)data).Url : "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_page_of_a_long_listing_is_read()
    {
        for (int i = 0; i < 5; i++)
        {
            await Upload($"study-{i}.zip");
        }

        using var source = CreateSource(options => options with { PageSize = 2 });

        var result = await source.PollOnceAsync(Token);

        Assert.Equal(new PollResult(5, 5, 0, 0, 0), result);
        Assert.Equal(5, _intake.Requests.Select(r => Assert.Single(Submissions(r)).BlobName).Distinct().Count());
    }

    [Fact]
    public async Task Several_events_go_in_one_request_when_batches_are_allowed()
    {
        await Upload("a.zip");
        await Upload("b.nii.gz");
        await Upload("b.mask.nii.gz");
        using var source = CreateSource(options => options with { MaxEventsPerBatch = 10 });

        await source.PollOnceAsync(Token);

        var request = Assert.Single(_intake.Requests);
        Assert.Equal(3, EventGridEvent.ParseMany(request.Body).Length);
        var decision = new EventIntake(new IntakeFilter(_containerName)).Parse(request.Body, request.ContentType);
        Assert.Equal([SubmissionKind.Zip, SubmissionKind.Nifti], decision.Submissions.Select(s => s.Kind));
        Assert.Equal(IgnoreReason.BaselineMask, Assert.Single(decision.Ignored).Reason);
    }

    [Fact]
    public async Task A_deleted_blob_is_forgotten_and_uploaded_again_it_is_sent_again()
    {
        await Upload("a.zip");
        await Upload("b.zip");
        using var source = CreateSource();
        await source.PollOnceAsync(Token);

        await _container.DeleteBlobAsync("a.zip", cancellationToken: Token);
        var afterDelete = await source.PollOnceAsync(Token);
        var stored = await Store().LoadAsync(Token);
        await Upload("a.zip");
        var afterUpload = await source.PollOnceAsync(Token);

        Assert.Equal(new PollResult(1, 0, 0, 0, 1), afterDelete);
        Assert.Equal(["b.zip"], stored.Emitted.Names);
        Assert.Equal(new PollResult(2, 1, 0, 0, 0), afterUpload);
        Assert.Equal(3, _intake.Requests.Count);
    }

    [Fact]
    public async Task A_container_that_does_not_exist_lists_as_empty()
    {
        using var source = CreateSource(options => options with { Container = "missing-" + Guid.NewGuid().ToString("N")[..12] });

        Assert.Equal(new PollResult(0, 0, 0, 0, 0), await source.PollOnceAsync(Token));
    }

    [Fact]
    public async Task A_poll_stopped_mid_way_keeps_what_the_intake_took_and_the_rest_is_sent_after_a_restart()
    {
        await Upload("a.zip");
        await Upload("b.zip");
        _intake.HoldFrom(2);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        using (var source = CreateSource())
        {
            var poll = source.PollOnceAsync(stop.Token);
            await _intake.WaitForAsync(2, Wait, Token);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll);
        }

        _intake.Release();
        using var restarted = CreateSource();
        var result = await restarted.PollOnceAsync(Token);

        Assert.Equal(new PollResult(2, 1, 0, 0, 0), result);
        Assert.Equal(["a.zip", "b.zip", "b.zip"], _intake.Requests.Select(r => Assert.Single(Submissions(r)).BlobName));
    }

    [Fact]
    public async Task Two_sources_on_one_container_merge_their_records_instead_of_overwriting_each_other()
    {
        using var logs = new RecordingLogs();
        using var factory = logs.CreateFactory();
        await Upload("a.zip");
        using var first = CreateSource(logger: factory.CreateLogger<BlobEventSource>());
        using var second = CreateSource();
        await first.PollOnceAsync(Token);
        await second.PollOnceAsync(Token);

        await Upload("b.zip");
        await second.PollOnceAsync(Token);
        // The first still holds the record as it read it: it sends b.zip again (at least once) and its write conflicts.
        var stale = await first.PollOnceAsync(Token);
        var stored = await Store().LoadAsync(Token);
        var settled = await first.PollOnceAsync(Token);

        Assert.Equal(1, stale.Delivered);
        Assert.Equal(["a.zip", "b.zip"], stored.Emitted.Names);
        Assert.Equal(0, settled.Delivered);
        Assert.Contains(logs.Messages, m => m.Contains("written by another process", StringComparison.Ordinal));
        Assert.Equal(["a.zip", "b.zip", "b.zip"], _intake.Requests.Select(r => Assert.Single(Submissions(r)).BlobName));
    }

    [Fact]
    public async Task Logs_give_counts_and_statuses_never_a_blob_name()
    {
        using var logs = new RecordingLogs();
        using var factory = logs.CreateFactory();
        await Upload("Doe^Jane/head_ct.zip");
        await Upload("Doe^Jane/series/_READY");
        using var source = CreateSource(logger: factory.CreateLogger<BlobEventSource>());

        _intake.DefaultStatus = 503;
        await source.PollOnceAsync(Token);
        _intake.DefaultStatus = 400;
        await source.PollOnceAsync(Token);
        await Upload("Doe^Jane/head_ct.zip");
        _intake.DefaultStatus = 200;
        await source.PollOnceAsync(Token);
        await _container.DeleteBlobAsync("Doe^Jane/head_ct.zip", cancellationToken: Token);
        await source.PollOnceAsync(Token);

        Assert.True(logs.Messages.Count >= 4, string.Join('\n', logs.Messages));
        Assert.Contains(logs.Messages, m => m.Contains("503", StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("400", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("Doe", StringComparison.Ordinal) || m.Contains("head_ct", StringComparison.Ordinal));
    }

    [Fact]
    public async Task As_a_hosted_service_it_polls_on_its_own_and_stops_with_the_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_storage);
        builder.Services.AddDevBlobEventSource(Options() with { PollInterval = TimeSpan.FromMilliseconds(50) });
        using var host = builder.Build();
        await host.StartAsync(Token);

        await Upload("study.zip");
        await _intake.WaitForAsync(1, Wait, Token);
        await Upload("second.zip");
        await _intake.WaitForAsync(2, Wait, Token);
        await host.StopAsync(Token);

        Assert.Equal(["study.zip", "second.zip"], _intake.Requests.Select(r => Assert.Single(Submissions(r)).BlobName));
    }

    private BlobEventSourceOptions Options() => new()
    {
        IntakeUrl = _intake.Url,
        Container = _containerName,
        Retry = Fast,
    };

    private BlobEventSource CreateSource(Func<BlobEventSourceOptions, BlobEventSourceOptions>? configure = null, ILogger<BlobEventSource>? logger = null) =>
        new(_storage, _http, (configure ?? (o => o))(Options()), TimeProvider.System, logger ?? NullLogger<BlobEventSource>.Instance);

    private EmittedBlobStore Store() => new(_storage, "hem-local", _containerName);

    private async Task<Azure.Response<BlobContentInfo>> Upload(string name) =>
        await _container.GetBlobClient(name).UploadAsync(BinaryData.FromString("content of " + name), overwrite: true, Token);

    private IReadOnlyList<StudySubmission> Submissions(ReceivedRequest request) =>
        new EventIntake(new IntakeFilter(_containerName)).Parse(request.Body, request.ContentType).Submissions;

    private static string Normalised(Azure.ETag eTag) => InstanceIds.NormaliseETag(eTag.ToString());
}
