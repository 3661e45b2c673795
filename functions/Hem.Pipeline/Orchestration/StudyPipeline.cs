using Hem.Pipeline.Analysis;
using Hem.Pipeline.Intake;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The <c>StudyPipeline</c> orchestration (DESIGN.md section 3), one activity per step: validate, deidentify (DICOM),
/// preprocess, segment, predict (the inference service over HTTP), postprocess, write, publish
/// (<c>Hem.Prediction.Completed</c>), then the work area is cleaned up. A rejection in any step is recorded by
/// <c>RecordRejection</c> and published as <c>Hem.Study.Rejected</c>; the orchestration completes. Any other failure,
/// once the retry policy gives up or at once for a permanent one, is published as <c>Hem.Prediction.Failed</c> and fails
/// the orchestration. The custom status names the step running and, once known, the study key.
/// Deterministic: it reads nothing but its input, the context's replay-safe clock and the activities' answers (no
/// wall clock, GUID, I/O or settings), and passes blob references and small records, never volumes.
/// </summary>
public sealed class StudyPipeline : TaskOrchestrator<StudyPipelineInput, StudyPipelineResult>
{
    public const string ValidateStep = "validate";
    public const string DeidentifyStep = "deidentify";
    public const string PreprocessStep = "preprocess";
    public const string SegmentStep = "segment";
    public const string PredictStep = "predict";
    public const string PostprocessStep = "postprocess";
    public const string WriteStep = "write";
    public const string PublishStep = "publish";
    public const string RejectStep = "reject";
    public const string CleanupStep = "cleanup";

    /// <summary>The final status of a run that completed with outputs.</summary>
    public const string CompletedStatus = "completed";

    /// <summary>The final status of a run whose study was rejected.</summary>
    public const string RejectedStatus = "rejected";

    public override async Task<StudyPipelineResult> RunAsync(TaskOrchestrationContext context, StudyPipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var run = new Run(context, input);
        try
        {
            return await RunStepsAsync(run, input);
        }
        catch (TaskFailedException ex)
        {
            context.SetCustomStatus(new PipelineStatus("failed: " + run.Step, run.StudyKey));
            await run.CallAsync<bool>(nameof(PublishResult), PipelineEvents.Failed(context.InstanceId, run.Step, run.StudyKey, ex.FailureDetails));
            throw;
        }
    }

    private static async Task<StudyPipelineResult> RunStepsAsync(Run run, StudyPipelineInput input)
    {
        var started = new DateTimeOffset(run.Context.CurrentUtcDateTime, TimeSpan.Zero);
        run.Enter(ValidateStep);
        var validated = await run.CallAsync<ValidatedStudy>(nameof(ValidateStudy), input);
        if (validated.Rejection is { } invalid)
        {
            return await RejectAsync(run, input, invalid);
        }

        var timings = new List<StepTiming>(validated.Timings);
        string studyKey;
        if (input.Kind == SubmissionKind.Nifti)
        {
            studyKey = StudyKeys.Research(validated.InputSha256);
        }
        else
        {
            run.Enter(DeidentifyStep);
            var deidentified = await run.CallAsync<DeidentifiedStudy>(nameof(DeidentifyStudy), input);
            if (deidentified.Rejection is { } refused)
            {
                return await RejectAsync(run, input, refused);
            }

            timings.AddRange(deidentified.Timings);
            studyKey = deidentified.StudyKey!;
        }

        run.Known(studyKey);
        await run.CallAsync<bool>(nameof(RecordStudyRun), new StudyRunEntry(studyKey, run.Context.InstanceId, started, input.InputId));

        run.Enter(PreprocessStep);
        var preprocessed = await run.CallAsync<PreprocessedStudy>(nameof(PreprocessStudy), new PreprocessRequest(input, studyKey));
        if (preprocessed.Rejection is { } unusable)
        {
            return await RejectAsync(run, input, unusable);
        }

        timings.AddRange(preprocessed.Timings);
        run.Enter(SegmentStep);
        var segmented = await run.CallAsync<SegmentedBaseline>(nameof(SegmentBaseline), studyKey);
        timings.AddRange(segmented.Timings);

        run.Enter(PredictStep);
        var predicted = await run.CallAsync<PredictedFollowup>(nameof(PredictFollowup), new PredictRequest(studyKey, segmented.BaselineMl > 0));
        timings.AddRange(predicted.Timings);

        run.Enter(PostprocessStep);
        var postprocessed = await run.CallAsync<PostprocessedPrediction>(nameof(PostprocessPrediction), predicted);
        timings.AddRange(postprocessed.Timings);

        run.Enter(WriteStep);
        var result = await run.CallAsync<StudyResult>(nameof(WriteOutputs), new WriteOutputsRequest(studyKey, validated, preprocessed, predicted, started, timings));

        run.Enter(PublishStep);
        await run.CallAsync<bool>(nameof(PublishResult), PipelineEvents.Completed(run.Context.InstanceId, result));
        await CleanUpAsync(run);
        run.Enter(CompletedStatus);
        return new StudyPipelineResult(StudyPipelineResult.Completed, result, null, null);
    }

    private static async Task<StudyPipelineResult> RejectAsync(Run run, StudyPipelineInput input, StudyRejection rejection)
    {
        run.Enter(RejectStep);
        var record = new RejectionRecord(run.Context.InstanceId, rejection.Code, rejection.Reason, input.Container, input.BlobName, input.ETag, input.InputId, run.StudyKey);
        string blob = await run.CallAsync<string>(nameof(RecordRejection), record);
        run.Enter(PublishStep);
        await run.CallAsync<bool>(nameof(PublishResult), PipelineEvents.Rejected(run.Context.InstanceId, rejection, input.Container + "/" + input.BlobName));
        await CleanUpAsync(run);
        run.Enter(RejectedStatus);
        return new StudyPipelineResult(StudyPipelineResult.Rejected, null, rejection, blob);
    }

    /// <summary>Deletes the work area. Its failure does not change the outcome already published: the work container is deletable and has a lifecycle rule.</summary>
    private static async Task CleanUpAsync(Run run)
    {
        run.Enter(CleanupStep);
        try
        {
            await run.CallAsync<int>(nameof(CleanUpWork), run.Context.InstanceId);
        }
        catch (TaskFailedException)
        {
            // Left for the lifecycle rule (Azure) or `hem` clean-up; the run's outcome stands.
        }
    }

    /// <summary>One run's place: the step it is on, the study key once known, and the retry policy every call uses.</summary>
    private sealed class Run(TaskOrchestrationContext context, StudyPipelineInput input)
    {
        private readonly TaskOptions _options = TaskOptions.FromRetryPolicy(PipelineFailures.Policy(input.Retry ?? PipelineRetry.Default));

        public TaskOrchestrationContext Context { get; } = context;

        public string Step { get; private set; } = ValidateStep;

        public string? StudyKey { get; private set; }

        public void Enter(string step)
        {
            Step = step;
            Context.SetCustomStatus(new PipelineStatus(step, StudyKey));
        }

        public void Known(string studyKey)
        {
            StudyKey = studyKey;
            Context.SetCustomStatus(new PipelineStatus(Step, studyKey));
        }

        public Task<T> CallAsync<T>(string activity, object input) => Context.CallActivityAsync<T>(activity, input, _options);
    }
}
