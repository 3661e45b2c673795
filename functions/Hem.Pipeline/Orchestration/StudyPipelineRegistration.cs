using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// Registers the orchestration and its activities with a Durable Task worker. The host provides, in its services:
/// <c>BlobServiceClient</c>, <c>InferenceClient</c>, <c>DeidentificationKey</c>, <see cref="StudyPipelineOptions"/>,
/// <c>TimeProvider</c> and <c>IResultEventPublisher</c>.
/// </summary>
public static class StudyPipelineRegistration
{
    public static DurableTaskRegistry AddStudyPipeline(this DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks
            .AddOrchestrator<StudyPipeline>()
            .AddActivity<FetchStudy>()
            .AddActivity<AnalyseStudy>()
            .AddActivity<RecordRejection>()
            .AddActivity<PublishResult>();
    }
}
