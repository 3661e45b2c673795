using Hem.Pipeline.Analysis;
using Hem.Pipeline.Backfill;
using Hem.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Functions;

/// <summary>
/// The <see cref="StudyPipeline"/> orchestration and its activities as Durable Functions: each function is named
/// after its class (the names the orchestration calls) and only hands the trigger's input to that class. Activities
/// are built from the app's services per call, as the Durable Task worker does.
/// </summary>
public static class StudyPipelineFunctions
{
    [Function(nameof(StudyPipeline))]
    public static Task<StudyPipelineResult> RunStudyPipeline([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<StudyPipelineInput>() ?? throw new InvalidOperationException("the orchestration was started without its input");
        return new StudyPipeline().RunAsync(context, input);
    }

    [Function(nameof(ValidateStudy))]
    public static Task<ValidatedStudy> RunValidateStudy([ActivityTrigger] StudyPipelineInput input, string instanceId, FunctionContext function) =>
        RunActivity<ValidateStudy, StudyPipelineInput, ValidatedStudy>(nameof(ValidateStudy), input, instanceId, function);

    [Function(nameof(DeidentifyStudy))]
    public static Task<DeidentifiedStudy> RunDeidentifyStudy([ActivityTrigger] StudyPipelineInput input, string instanceId, FunctionContext function) =>
        RunActivity<DeidentifyStudy, StudyPipelineInput, DeidentifiedStudy>(nameof(DeidentifyStudy), input, instanceId, function);

    [Function(nameof(RecordStudyRun))]
    public static Task<bool> RunRecordStudyRun([ActivityTrigger] StudyRunEntry input, string instanceId, FunctionContext function) =>
        RunActivity<RecordStudyRun, StudyRunEntry, bool>(nameof(RecordStudyRun), input, instanceId, function);

    [Function(nameof(PreprocessStudy))]
    public static Task<PreprocessedStudy> RunPreprocessStudy([ActivityTrigger] PreprocessRequest input, string instanceId, FunctionContext function) =>
        RunActivity<PreprocessStudy, PreprocessRequest, PreprocessedStudy>(nameof(PreprocessStudy), input, instanceId, function);

    [Function(nameof(SegmentBaseline))]
    public static Task<SegmentedBaseline> RunSegmentBaseline([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        RunActivity<SegmentBaseline, string, SegmentedBaseline>(nameof(SegmentBaseline), input, instanceId, function);

    [Function(nameof(PredictFollowup))]
    public static Task<PredictedFollowup> RunPredictFollowup([ActivityTrigger] PredictRequest input, string instanceId, FunctionContext function) =>
        RunActivity<PredictFollowup, PredictRequest, PredictedFollowup>(nameof(PredictFollowup), input, instanceId, function);

    [Function(nameof(PostprocessPrediction))]
    public static Task<PostprocessedPrediction> RunPostprocessPrediction([ActivityTrigger] PredictedFollowup input, string instanceId, FunctionContext function) =>
        RunActivity<PostprocessPrediction, PredictedFollowup, PostprocessedPrediction>(nameof(PostprocessPrediction), input, instanceId, function);

    [Function(nameof(WriteOutputs))]
    public static Task<StudyResult> RunWriteOutputs([ActivityTrigger] WriteOutputsRequest input, string instanceId, FunctionContext function) =>
        RunActivity<WriteOutputs, WriteOutputsRequest, StudyResult>(nameof(WriteOutputs), input, instanceId, function);

    [Function(nameof(RecordRejection))]
    public static Task<string> RunRecordRejection([ActivityTrigger] RejectionRecord input, string instanceId, FunctionContext function) =>
        RunActivity<RecordRejection, RejectionRecord, string>(nameof(RecordRejection), input, instanceId, function);

    [Function(nameof(PublishResult))]
    public static Task<bool> RunPublishResult([ActivityTrigger] ResultToPublish input, string instanceId, FunctionContext function) =>
        RunActivity<PublishResult, ResultToPublish, bool>(nameof(PublishResult), input, instanceId, function);

    [Function(nameof(CleanUpWork))]
    public static Task<int> RunCleanUpWork([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        RunActivity<CleanUpWork, string, int>(nameof(CleanUpWork), input, instanceId, function);

    [Function(BackfillOrchestration.Name)]
    public static Task<BackfillResult> RunBackfill([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.GetInput<BackfillState>() ?? throw new InvalidOperationException("the backfill was started without its input");
        return new BackfillOrchestration().RunAsync(context, input);
    }

    [Function(nameof(CountBackfillInputs))]
    public static Task<int> RunCountBackfillInputs([ActivityTrigger] BackfillRequest input, string instanceId, FunctionContext function) =>
        RunActivity<CountBackfillInputs, BackfillRequest, int>(nameof(CountBackfillInputs), input, instanceId, function);

    [Function(nameof(ListBackfillInputs))]
    public static Task<BackfillPage> RunListBackfillInputs([ActivityTrigger] BackfillListing input, string instanceId, FunctionContext function) =>
        RunActivity<ListBackfillInputs, BackfillListing, BackfillPage>(nameof(ListBackfillInputs), input, instanceId, function);

    [Function(nameof(DescribeServedModel))]
    public static Task<ModelIdentity> RunDescribeServedModel([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        RunActivity<DescribeServedModel, string, ModelIdentity>(nameof(DescribeServedModel), input, instanceId, function);

    [Function(nameof(FindProcessedInputs))]
    public static Task<IReadOnlyList<ProcessedInput>> RunFindProcessedInputs([ActivityTrigger] ProcessedInputsQuery input, string instanceId, FunctionContext function) =>
        RunActivity<FindProcessedInputs, ProcessedInputsQuery, IReadOnlyList<ProcessedInput>>(nameof(FindProcessedInputs), input, instanceId, function);

    [Function(nameof(RecordBackfillRows))]
    public static Task<bool> RunRecordBackfillRows([ActivityTrigger] BackfillRowsRecord input, string instanceId, FunctionContext function) =>
        RunActivity<RecordBackfillRows, BackfillRowsRecord, bool>(nameof(RecordBackfillRows), input, instanceId, function);

    [Function(nameof(WriteBackfillSummary))]
    public static Task<BackfillResult> RunWriteBackfillSummary([ActivityTrigger] BackfillSummaryJob input, string instanceId, FunctionContext function) =>
        RunActivity<WriteBackfillSummary, BackfillSummaryJob, BackfillResult>(nameof(WriteBackfillSummary), input, instanceId, function);

    private static Task<TOutput> RunActivity<TActivity, TInput, TOutput>(string name, TInput input, string instanceId, FunctionContext function)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(function);
        var activity = ActivatorUtilities.GetServiceOrCreateInstance<TActivity>(function.InstanceServices);
        return activity.RunAsync(new FunctionActivityContext(name, instanceId), input);
    }

    private sealed class FunctionActivityContext(string name, string instanceId) : TaskActivityContext
    {
        public override TaskName Name { get; } = name;

        public override string InstanceId { get; } = instanceId;
    }
}
