using System.Text.Json;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Events;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Testing;
using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Tests.Orchestration;

/// <summary>
/// The StudyPipeline orchestration on the real Durable Task worker (in-memory backend), real Azurite and the real
/// inference service in this process.
/// </summary>
public sealed class StudyPipelineTests(AzuriteFixture azurite, PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_zipped_study_is_analysed_its_outputs_stored_and_a_completed_event_published()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        var input = await run.SubmitAsync("site a/study.zip", fixture.StudyZip, SubmissionKind.Zip, Token);

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var output = done.ReadOutputAs<StudyPipelineResult>()!;
        Assert.Equal(StudyPipelineResult.Completed, output.Outcome);
        var result = output.Result!;
        Assert.Matches("^[0-9a-f]{32}$", result.StudyKey);
        Assert.Equal(new PipelineStatus(StudyPipeline.CompletedStatus, result.StudyKey), done.ReadCustomStatusAs<PipelineStatus>());
        Assert.Equal($"{result.StudyKey}/{result.ModelVersion}/", result.Prefix);

        var stored = await run.ResultBlobsAsync(result.Prefix, Token);
        foreach (string name in new[] { "volumes.json", "provenance.json", "prediction.seg.dcm", "report.html", "report.pdf", "baseline.mask.nii.gz", "prediction.mask.nii.gz" })
        {
            Assert.Contains(name, stored);
        }

        Assert.Contains(stored, n => n.StartsWith(DicomStudyLoader.DeidentifiedFolder + "/", StringComparison.Ordinal) && n.EndsWith(".dcm", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(stored.Order(StringComparer.Ordinal), result.Outputs.Order(StringComparer.Ordinal));

        var volumesJson = (await run.Results.GetBlobClient(result.Prefix + VolumeSummary.FileName).DownloadContentAsync(Token)).Value.Content;
        var volumes = volumesJson.ToObjectFromJson<VolumeSummary>(VolumeSummary.Json)!;
        Assert.InRange(volumes.BaselineVolumeMl, 1, 150);
        Assert.InRange(volumes.PredictedFollowupVolumeMl, volumes.BaselineVolumeMl * 0.5, 300);
        Assert.Equal(volumes.PredictedFollowupVolumeMl - volumes.BaselineVolumeMl, volumes.PredictedGrowthMl, 6);
        Assert.Equal(result.ModelVersion, volumes.Model.Version);
        Assert.Equal(volumes.BaselineVolumeMl, result.BaselineVolumeMl);

        using var provenance = JsonDocument.Parse((await run.Results.GetBlobClient(result.Prefix + AnalysisProvenance.FileName).DownloadContentAsync(Token)).Value.Content.ToMemory());
        Assert.Equal(StudyPipelineOptions.Tool, provenance.RootElement.GetProperty("software").GetString());
        Assert.Equal(ServedModelCard.ExecutionProviderName, provenance.RootElement.GetProperty("model").GetProperty("executionProvider").GetString());
        Assert.Equal(
            ["validate", "deidentify", "volume", "brain", "segment", "predict", "postprocess", "write", "seg", "report"],
            provenance.RootElement.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));

        var completed = Assert.Single(run.Publisher.Events);
        Assert.Equal(ResultEventTypes.PredictionCompleted, completed.Type);
        Assert.Equal(ResultEventIds.For(input.InstanceId, ResultEventTypes.PredictionCompleted), completed.Id);
        Assert.Equal($"studies/{result.StudyKey}/{result.ModelVersion}", completed.Subject);
        Assert.Equal(input.InstanceId, RecordingPublisher.Data(completed, "instanceId").GetString());
        Assert.Equal(result.Prefix, RecordingPublisher.Data(completed, "outputs").GetProperty("folder").GetString());
        Assert.Contains("volumes.json", RecordingPublisher.Data(completed, "outputs").GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        await AssertMatchesSchemaAsync(completed);
        Assert.Equal(1, run.Requests.Posts);
        Assert.Empty(await PipelineRun.BlobsAsync(run.Work, input.InstanceId + "/", Token));
        Assert.False(Directory.Exists(run.Options.InstanceFolder(input.InstanceId)), "no scratch folder is left on the worker");
        Assert.Equal(fixture.StudyZip, (await run.Incoming.GetBlobClient(input.BlobName).DownloadContentAsync(Token)).Value.Content.ToArray());

        var byKey = await run.Runs.StatusAsync(run.Client, result.StudyKey, Token);
        Assert.NotNull(byKey);
        Assert.Equal(input.InstanceId, byKey.InstanceId);
        Assert.Equal([input.InstanceId], byKey.Runs);
        Assert.Equal(StudyPipelineResult.Completed, byKey.Outcome);
        Assert.Equal(result.Outputs, byKey.Outputs);
    }

    [Fact]
    public async Task A_corrupt_zip_is_rejected_recorded_and_published_without_retries()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        byte[] corrupt = [.. "PK\u0003\u0004"u8, .. Enumerable.Range(0, 4000).Select(i => (byte)(i * 37))];
        var input = await run.SubmitAsync("corrupt.zip", corrupt, SubmissionKind.Zip, Token);

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var output = done.ReadOutputAs<StudyPipelineResult>()!;
        Assert.Equal(StudyPipelineResult.Rejected, output.Outcome);
        Assert.Equal(StudyPipelineOptions.RejectionBlobName(input.InstanceId), output.RejectionBlob);
        Assert.Equal(StudyPipeline.RejectedStatus, done.ReadCustomStatusAs<PipelineStatus>()!.Step);
        using var record = JsonDocument.Parse((await run.Rejected.GetBlobClient(output.RejectionBlob).DownloadContentAsync(Token)).Value.Content.ToMemory());
        Assert.Equal(output.Rejection!.Code, record.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(record.RootElement.GetProperty("reason").GetString()));
        Assert.Equal(input.BlobName, record.RootElement.GetProperty("inputBlob").GetString());
        Assert.Equal(input.Container, record.RootElement.GetProperty("inputContainer").GetString());

        var rejected = Assert.Single(run.Publisher.Events);
        Assert.Equal(ResultEventTypes.StudyRejected, rejected.Type);
        Assert.Equal(ResultEventIds.For(input.InstanceId, ResultEventTypes.StudyRejected), rejected.Id);
        Assert.Equal(output.Rejection.Code, RecordingPublisher.Data(rejected, "code").GetString());
        Assert.Equal(input.Container + "/" + input.BlobName, RecordingPublisher.Data(rejected, "inputBlobPath").GetString());
        Assert.Equal("inputs/" + input.InstanceId, rejected.Subject);
        await AssertMatchesSchemaAsync(rejected);
        Assert.Equal(0, run.Requests.Posts);
        Assert.True(run.Requests.Gets <= 1, "a rejection is not retried");
    }

    [Fact]
    public async Task An_inference_outage_is_retried_then_published_as_failed_and_the_input_is_untouched()
    {
        int port = FreePorts.Take(1)[0];
        await using var run = await PipelineRun.StartAsync(azurite, new Uri($"http://127.0.0.1:{port}/"), fixture.Root, Token);
        var input = await run.SubmitAsync("outage.zip", fixture.StudyZip, SubmissionKind.Zip, Token);
        var before = (await run.Incoming.GetBlobClient(input.BlobName).GetPropertiesAsync(cancellationToken: Token)).Value;

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(Pipeline.Inference.TransientInferenceException).FullName, done.FailureDetails!.InnerFailure?.ErrorType);
        Assert.Equal(PipelineRun.FastRetry.MaxAttempts, run.Requests.Gets);
        var failed = Assert.Single(run.Publisher.Events);
        Assert.Equal(ResultEventTypes.PredictionFailed, failed.Type);
        Assert.Equal(ResultEventIds.For(input.InstanceId, ResultEventTypes.PredictionFailed), failed.Id);
        Assert.Equal(StudyPipeline.PredictStep, RecordingPublisher.Data(failed, "step").GetString());
        Assert.Equal("transientExhausted", RecordingPublisher.Data(failed, "errorClass").GetString());
        Assert.Equal("TransientInferenceException in step predict: the retries ran out", RecordingPublisher.Data(failed, "message").GetString());
        string studyKey = RecordingPublisher.Data(failed, "studyKey").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", studyKey);
        Assert.Equal(new PipelineStatus("failed: " + StudyPipeline.PredictStep, studyKey), done.ReadCustomStatusAs<PipelineStatus>());
        await AssertMatchesSchemaAsync(failed);

        var after = (await run.Incoming.GetBlobClient(input.BlobName).GetPropertiesAsync(cancellationToken: Token)).Value;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(fixture.StudyZip, (await run.Incoming.GetBlobClient(input.BlobName).DownloadContentAsync(Token)).Value.Content.ToArray());
        Assert.Equal(
            [StudyRunIndex.InputsPrefix + input.InputId + ".json", StudyRunIndex.BlobName(studyKey, input.InstanceId)],
            (await run.ResultBlobsAsync("", Token)).Order(StringComparer.Ordinal));

        // The run stops at predict; the intermediates of the steps before it stay for diagnosis (the work container is
        // deletable, with a lifecycle rule in Azure).
        var work = await PipelineRun.BlobsAsync(run.Work, input.InstanceId + "/", Token);
        Assert.Contains(WorkBundles.Study, work);
        Assert.Contains(WorkBundles.BaselineMask, work);
        Assert.DoesNotContain(WorkBundles.ModelOutput, work);
    }

    [Fact]
    public async Task The_same_submission_scheduled_three_times_runs_once()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        var input = await run.SubmitAsync("again.zip", fixture.StudyZip, SubmissionKind.Zip, Token);

        bool[] started =
        [
            await StudyPipelineStarter.StartOnceAsync(run.Client, input, Token),
            await StudyPipelineStarter.StartOnceAsync(run.Client, input with { }, Token),
            await StudyPipelineStarter.StartOnceAsync(run.Client, input with { Retry = null }, Token),
        ];
        var done = await run.WaitAsync(input.InstanceId, Token);
        bool afterwards = await StudyPipelineStarter.StartOnceAsync(run.Client, input, Token);

        Assert.Equal([true, false, false], started);
        Assert.False(afterwards);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var completed = Assert.Single(run.Publisher.Events);
        Assert.Equal(ResultEventTypes.PredictionCompleted, completed.Type);
        Assert.Equal(1, run.Requests.Posts);
    }

    [Fact]
    public async Task A_blob_changed_after_submission_fails_at_once_without_retries()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        var input = await run.SubmitAsync("rewritten.zip", fixture.StudyZip, SubmissionKind.Zip, Token);
        await run.Incoming.GetBlobClient(input.BlobName).UploadAsync(BinaryData.FromBytes(fixture.StudyZip), overwrite: true, Token);

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(typeof(InputChangedException).FullName, done.FailureDetails!.InnerFailure?.ErrorType);
        var failed = Assert.Single(run.Publisher.Events);
        Assert.Equal(ResultEventTypes.PredictionFailed, failed.Type);
        Assert.Equal(StudyPipeline.ValidateStep, RecordingPublisher.Data(failed, "step").GetString());
        Assert.Equal("unexpected", RecordingPublisher.Data(failed, "errorClass").GetString());
        await AssertMatchesSchemaAsync(failed);
        Assert.Equal(0, run.Requests.Gets + run.Requests.Posts);
    }

    [Fact]
    public async Task A_research_volume_with_its_mask_is_analysed_under_a_research_key()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        await run.PutAsync("research/head.mask.nii.gz", Path.Combine(fixture.CaseFolder, "baseline.mask.nii.gz"), Token);
        byte[] ct = await File.ReadAllBytesAsync(Path.Combine(fixture.CaseFolder, "baseline.ct.nii.gz"), Token);
        var input = await run.SubmitAsync("research/head.nii.gz", ct, SubmissionKind.Nifti, Token, maskName: "research/head.mask.nii.gz");

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<StudyPipelineResult>()!.Result!;
        Assert.Matches("^research-[0-9a-f]{32}$", result.StudyKey);
        var stored = await run.ResultBlobsAsync(result.Prefix, Token);
        Assert.Contains(VolumeSummary.FileName, stored);
        Assert.Contains("report.pdf", stored);
        Assert.DoesNotContain("prediction.seg.dcm", stored);
        var given = (await Hem.Imaging.Nifti.NiftiReader.ReadAsync(Path.Combine(fixture.CaseFolder, "baseline.mask.nii.gz"), cancellationToken: Token)).ToMask();
        Assert.Equal(Hem.Imaging.Metrics.MaskVolume.Ml(given), result.BaselineVolumeMl, tolerance: 0.006); // volumes.json rounds to 0.01 mL
        Assert.Equal(ResultEventTypes.PredictionCompleted, Assert.Single(run.Publisher.Events).Type);
    }

    [Fact]
    public async Task A_folder_with_a_ready_marker_is_analysed_like_its_zip()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        string series = Path.Combine(fixture.CaseFolder, "baseline");
        foreach (string file in Directory.GetFiles(series))
        {
            await run.PutAsync("ward 3/scan/" + Path.GetFileName(file), file, Token);
        }

        var input = await run.SubmitAsync("ward 3/scan/_READY", [], SubmissionKind.DicomFolder, Token, studyPath: "ward 3/scan/");

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<StudyPipelineResult>()!.Result!;
        Assert.Matches("^[0-9a-f]{32}$", result.StudyKey);
        Assert.Equal(Directory.GetFiles(series).Length, result.Outputs.Count(o => o.StartsWith(DicomStudyLoader.DeidentifiedFolder + "/", StringComparison.Ordinal)));
        Assert.Contains("prediction.seg.dcm", result.Outputs);
        Assert.Equal(ResultEventTypes.PredictionCompleted, Assert.Single(run.Publisher.Events).Type);
    }

    [Fact]
    public async Task The_orchestrator_replays_from_history_without_repeating_any_side_effect()
    {
        int executions = 0;
        int replays = 0;
        using var capture = new Telemetry.TelemetryCapture();
        await using var run = await PipelineRun.StartAsync(
            azurite,
            fixture.Inference.BaseUrl,
            fixture.Root,
            tasks => tasks
                .AddOrchestratorFunc<StudyPipelineInput, StudyPipelineResult>(nameof(StudyPipeline), (context, input) =>
                {
                    Interlocked.Increment(ref executions);
                    if (context.IsReplaying)
                    {
                        Interlocked.Increment(ref replays);
                    }

                    return new StudyPipeline().RunAsync(context, input);
                })
                .AddStudyPipelineActivities(),
            Token);
        var input = await run.SubmitAsync("replayed.zip", fixture.StudyZip, SubmissionKind.Zip, Token);

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        string[] activities = [nameof(ValidateStudy), nameof(DeidentifyStudy), nameof(RecordStudyRun), nameof(PreprocessStudy), nameof(SegmentBaseline), nameof(PredictFollowup), nameof(PostprocessPrediction), nameof(WriteOutputs), nameof(PublishResult), nameof(CleanUpWork)];
        var spans = capture.Spans.Where(s => Equals(s.GetTagItem(Pipeline.Telemetry.PipelineTelemetry.InstanceIdTag), input.InstanceId)).Select(s => s.OperationName).ToList();
        Assert.Equal(activities.Order(StringComparer.Ordinal), spans.Order(StringComparer.Ordinal));

        // The worker ran the orchestrator code from the start once per activity result (and more when results came in
        // batches): at least one replay, and every activity still ran once, one request, one event.
        Assert.True(replays >= 1, $"the orchestrator was never replayed ({executions} executions)");
        Assert.Equal(1, run.Requests.Posts);
        Assert.Equal(ResultEventTypes.PredictionCompleted, Assert.Single(run.Publisher.Events).Type);
    }

    [Fact]
    public async Task A_run_found_by_its_study_key_is_rerun_under_its_instance_id_and_publishes_the_same_event_id()
    {
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        var input = await run.SubmitAsync("rerun.zip", fixture.StudyZip, SubmissionKind.Zip, Token);
        var first = await run.RunAsync(input, Token);
        string studyKey = first.ReadOutputAs<StudyPipelineResult>()!.Result!.StudyKey;

        var outcome = await run.Runs.RerunAsync(run.Client, studyKey, Token);
        var second = await run.WaitAsync(input.InstanceId, Token);

        Assert.Equal(new RerunOutcome(RerunResult.Started, input.InstanceId, null), outcome);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, second.RuntimeStatus);
        Assert.True(second.CreatedAt > first.CreatedAt, "the rerun is a new execution of the instance");
        Assert.Equal(2, run.Requests.Posts);
        Assert.Equal(2, run.Publisher.Events.Count);
        Assert.Single(run.Publisher.Events.Select(e => e.Id).Distinct());
        Assert.Equal([input.InstanceId], (await run.Runs.StatusAsync(run.Client, studyKey, Token))!.Runs);
        Assert.Null(await run.Runs.StatusAsync(run.Client, new string('0', 32), Token));
    }

    /// <summary>The event's data against its schema in schemas/events/, as a subscriber would check it.</summary>
    private static Task AssertMatchesSchemaAsync(ResultEvent resultEvent) =>
        Events.EventSchemas.AssertValidAsync(
            Events.EventSchemas.DataSchema(resultEvent.Type),
            System.Text.Json.Nodes.JsonNode.Parse(RecordingPublisher.Json(resultEvent).GetRawText())!,
            resultEvent.Type,
            TestContext.Current.CancellationToken);
}
