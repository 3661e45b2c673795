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

    [Function(nameof(FetchStudy))]
    public static Task<FetchedStudy> RunFetchStudy([ActivityTrigger] StudyPipelineInput input, string instanceId, FunctionContext function) =>
        RunActivity<FetchStudy, StudyPipelineInput, FetchedStudy>(nameof(FetchStudy), input, instanceId, function);

    [Function(nameof(AnalyseStudy))]
    public static Task<AnalysisOutcome> RunAnalyseStudy([ActivityTrigger] AnalyseStudyInput input, string instanceId, FunctionContext function) =>
        RunActivity<AnalyseStudy, AnalyseStudyInput, AnalysisOutcome>(nameof(AnalyseStudy), input, instanceId, function);

    [Function(nameof(RecordRejection))]
    public static Task<string> RunRecordRejection([ActivityTrigger] RejectionRecord input, string instanceId, FunctionContext function) =>
        RunActivity<RecordRejection, RejectionRecord, string>(nameof(RecordRejection), input, instanceId, function);

    [Function(nameof(PublishResult))]
    public static Task<bool> RunPublishResult([ActivityTrigger] ResultToPublish input, string instanceId, FunctionContext function) =>
        RunActivity<PublishResult, ResultToPublish, bool>(nameof(PublishResult), input, instanceId, function);

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
