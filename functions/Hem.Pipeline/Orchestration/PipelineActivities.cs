using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Blobs;
using Hem.Dicom.Deidentification;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Events;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Telemetry;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>Step 1: downloads the submitted study into <c>{workRoot}/{instanceId}/input/</c> while its ETag still matches.</summary>
public sealed class FetchStudy(BlobServiceClient blobs, StudyPipelineOptions options) : TaskActivity<StudyPipelineInput, FetchedStudy>
{
    public override Task<FetchedStudy> RunAsync(TaskActivityContext context, StudyPipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartActivity(nameof(FetchStudy), context.InstanceId), async span =>
        {
            try
            {
                string local = await new StudyFetcher(blobs).FetchAsync(input, options.InputFolder(context.InstanceId), CancellationToken.None);
                return new FetchedStudy(local, null);
            }
            catch (StudyRejectedException ex)
            {
                var rejection = StudyRejection.Of(ex);
                PipelineTelemetry.TagRejection(span, rejection.Code);
                return new FetchedStudy(null, rejection);
            }
        });
    }
}

/// <summary>
/// Step 2: the analysis of <c>hem analyze</c> (<see cref="StudyAnalysisRun"/>) with the model behind the inference
/// service, into <c>{workRoot}/{instanceId}/output/</c>, then every file uploaded to the results container under
/// <c>{studyKey}/{modelVersion}/</c> (the de-identified series under <c>deidentified/</c>). Fetches again when the
/// fetched input is not on this worker (another worker, or a retry after clean-up). The instance's work folder is
/// deleted at the end, whatever happened.
/// </summary>
public sealed class AnalyseStudy(BlobServiceClient blobs, InferenceClient inference, DeidentificationKey key, StudyPipelineOptions options, TimeProvider time)
    : TaskActivity<AnalyseStudyInput, AnalysisOutcome>
{
    public override Task<AnalysisOutcome> RunAsync(TaskActivityContext context, AnalyseStudyInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartActivity(nameof(AnalyseStudy), context.InstanceId), span => AnalyseAsync(context, input, span));
    }

    private async Task<AnalysisOutcome> AnalyseAsync(TaskActivityContext context, AnalyseStudyInput input, Activity? span)
    {
        var cancellationToken = CancellationToken.None;
        string output = options.OutputFolder(context.InstanceId);
        try
        {
            string local = input.LocalInput;
            if (!File.Exists(local) && !Directory.Exists(local))
            {
                local = await new StudyFetcher(blobs).FetchAsync(input.Study, options.InputFolder(context.InstanceId), cancellationToken);
            }

            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }

            var model = await AnalysisModel.FromServiceAsync(inference, cancellationToken);
            AnalysisResult result;
            try
            {
                result = await new StudyAnalysisRun(model, key, time, StudyPipelineOptions.Tool).RunAsync(local, output, null, cancellationToken);
            }
            catch (StudyRejectedException ex)
            {
                var rejection = StudyRejection.Of(ex);
                PipelineTelemetry.TagRejection(span, rejection.Code);
                return new AnalysisOutcome(null, rejection);
            }

            span?.SetTag(PipelineTelemetry.StudyKeyTag, result.StudyKey);
            string prefix = result.StudyKey + "/" + result.Volumes.Model.Version + "/";
            var container = blobs.GetBlobContainerClient(options.ResultsContainer);
            await PipelineFailures.ServiceCallAsync("creating the results container", () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
            var outputs = new List<string>();
            foreach (string file in Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                string name = Path.GetRelativePath(output, file).Replace(Path.DirectorySeparatorChar, '/');
                await PipelineFailures.ServiceCallAsync("uploading the results", () => container.GetBlobClient(prefix + name).UploadAsync(file, overwrite: true, cancellationToken));
                outputs.Add(name);
            }

            var volumes = result.Volumes;
            return new AnalysisOutcome(
                new StudyResult(result.StudyKey, volumes.Model.Version, options.ResultsContainer, prefix, volumes.BaselineVolumeMl, volumes.PredictedFollowupVolumeMl, volumes.PredictedGrowthMl, volumes.PredictedGrowthPercent, volumes.HematomaExpansionPredicted, outputs),
                null);
        }
        finally
        {
            string folder = options.InstanceFolder(context.InstanceId);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}

/// <summary>Writes <c>rejected/{instanceId}.json</c> (code, reason, input blob and ETag) to the results container; returns its name.</summary>
public sealed class RecordRejection(BlobServiceClient blobs, StudyPipelineOptions options) : TaskActivity<RejectionRecord, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, RejectionRecord input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartActivity(nameof(RecordRejection), context.InstanceId), async _ =>
        {
            var container = blobs.GetBlobContainerClient(options.ResultsContainer);
            string name = StudyPipelineOptions.RejectionBlobName(input.InstanceId);
            var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, VolumeSummary.Json));
            await PipelineFailures.ServiceCallAsync("creating the results container", () => container.CreateIfNotExistsAsync());
            await PipelineFailures.ServiceCallAsync("writing the rejection record", () => container.GetBlobClient(name).UploadAsync(body, overwrite: true));
            return name;
        });
    }
}

/// <summary>Step 3: publishes a result event with the host's <see cref="IResultEventPublisher"/>.</summary>
public sealed class PublishResult(IResultEventPublisher publisher) : TaskActivity<ResultToPublish, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, ResultToPublish input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartActivity(nameof(PublishResult), context.InstanceId), async span =>
        {
            string? studyKey = input.Completed?.StudyKey ?? input.Failed?.StudyKey;
            if (studyKey is not null)
            {
                span?.SetTag(PipelineTelemetry.StudyKeyTag, studyKey);
            }

            string outcome = input.Completed is not null ? PipelineTelemetry.OutcomeCompleted : input.Rejected is not null ? PipelineTelemetry.OutcomeRejected : PipelineTelemetry.OutcomeFailed;
            span?.SetTag(PipelineTelemetry.OutcomeTag, outcome);
            var resultEvent = input.ToEvent();
            await PipelineFailures.ServiceCallAsync("publishing the result event", () => publisher.PublishAsync(resultEvent, CancellationToken.None));
            PipelineTelemetry.RecordStudy(outcome);
            return true;
        });
    }
}
