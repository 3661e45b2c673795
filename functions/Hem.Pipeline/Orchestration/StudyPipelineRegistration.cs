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
        return tasks.AddOrchestrator<StudyPipeline>().AddStudyPipelineActivities().AddBackfill();
    }

    /// <summary>The Backfill orchestration and its activities (it runs StudyPipeline as its sub-orchestration).</summary>
    public static DurableTaskRegistry AddBackfill(this DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks
            .AddOrchestrator<Backfill.BackfillOrchestration>()
            .AddActivity<Backfill.CountBackfillInputs>()
            .AddActivity<Backfill.ListBackfillInputs>()
            .AddActivity<Backfill.DescribeServedModel>()
            .AddActivity<Backfill.FindProcessedInputs>()
            .AddActivity<Backfill.RecordBackfillRows>()
            .AddActivity<Backfill.WriteBackfillSummary>();
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
