using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// Registers the orchestration and its activities with a Durable Task worker. The host provides, in its services:
/// <c>BlobServiceClient</c>, <c>InferenceClient</c>, <c>DeidentificationKey</c>, <see cref="StudyPipelineOptions"/>,
/// <c>TimeProvider</c>, <see cref="StudyRunIndex"/>, <c>IResultEventPublisher</c> and logging.
/// </summary>
public static class StudyPipelineRegistration
{
    public static DurableTaskRegistry AddStudyPipeline(this DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks.AddOrchestrator<StudyPipeline>().AddStudyPipelineActivities();
    }

    /// <summary>The activities alone, for a host that registers the orchestrator itself (a test that observes it).</summary>
    public static DurableTaskRegistry AddStudyPipelineActivities(this DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks
            .AddActivity<ValidateStudy>()
            .AddActivity<DeidentifyStudy>()
            .AddActivity<RecordStudyRun>()
            .AddActivity<PreprocessStudy>()
            .AddActivity<SegmentBaseline>()
            .AddActivity<PredictFollowup>()
            .AddActivity<PostprocessPrediction>()
            .AddActivity<WriteOutputs>()
            .AddActivity<RecordRejection>()
            .AddActivity<PublishResult>()
            .AddActivity<CleanUpWork>();
    }
}
