using Hem.Pipeline.Events;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The <c>StudyPipeline</c> orchestration: <c>FetchStudy</c>, <c>AnalyseStudy</c>, <c>PublishResult</c>
/// (<c>Hem.Prediction.Completed</c>). A rejection (fetch or analysis) is recorded by <c>RecordRejection</c> and
/// published as <c>Hem.Study.Rejected</c>; the orchestration completes. Any other failure, once the retry policy gives
/// up or for a permanent failure at once, is published as <c>Hem.Prediction.Failed</c> and fails the orchestration.
/// Deterministic: it reads nothing but its input and the activities' answers (no clock, GUID, I/O or settings), and
/// passes blob references and small records, never volumes.
/// </summary>
public sealed class StudyPipeline : TaskOrchestrator<StudyPipelineInput, StudyPipelineResult>
{
    public const string FetchStep = "fetch";
    public const string AnalyseStep = "analyse";
    public const string RejectStep = "reject";
    public const string PublishStep = "publish";

    public override async Task<StudyPipelineResult> RunAsync(TaskOrchestrationContext context, StudyPipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        string instanceId = context.InstanceId;
        var options = TaskOptions.FromRetryPolicy(PipelineFailures.Policy(input.Retry ?? PipelineRetry.Default));
        string step = FetchStep;
        try
        {
            context.SetCustomStatus(new PipelineStatus(step));
            var fetched = await context.CallActivityAsync<FetchedStudy>(nameof(FetchStudy), input, options);
            StudyRejection? rejection = fetched.Rejection;
            StudyResult? result = null;
            if (rejection is null)
            {
                step = AnalyseStep;
                context.SetCustomStatus(new PipelineStatus(step));
                var outcome = await context.CallActivityAsync<AnalysisOutcome>(nameof(AnalyseStudy), new AnalyseStudyInput(input, fetched.LocalInput!), options);
                rejection = outcome.Rejection;
                result = outcome.Result;
            }

            if (rejection is not null)
            {
                step = RejectStep;
                context.SetCustomStatus(new PipelineStatus(step));
                var record = new RejectionRecord(instanceId, rejection.Code, rejection.Reason, input.Container, input.BlobName, input.ETag);
                string blob = await context.CallActivityAsync<string>(nameof(RecordRejection), record, options);
                step = PublishStep;
                context.SetCustomStatus(new PipelineStatus(step));
                await context.CallActivityAsync<bool>(nameof(PublishResult), PipelineEvents.Rejected(instanceId, rejection, input.Container + "/" + input.BlobName), options);
                return new StudyPipelineResult(StudyPipelineResult.Rejected, null, rejection, blob);
            }

            step = PublishStep;
            context.SetCustomStatus(new PipelineStatus(step));
            await context.CallActivityAsync<bool>(nameof(PublishResult), PipelineEvents.Completed(instanceId, result!), options);
            return new StudyPipelineResult(StudyPipelineResult.Completed, result, null, null);
        }
        catch (TaskFailedException ex)
        {
            context.SetCustomStatus(new PipelineStatus("failed: " + step));
            await context.CallActivityAsync<bool>(nameof(PublishResult), PipelineEvents.Failed(instanceId, step, ex.FailureDetails), options);
            throw;
        }
    }
}
