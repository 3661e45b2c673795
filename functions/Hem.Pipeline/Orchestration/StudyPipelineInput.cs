using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// What the <see cref="StudyPipeline"/> orchestration is started with: the submitted blob (a reference, never its
/// content), its ETag at submission, its kind, and the retry policy the host configured. It is stored in the
/// orchestration's history, so it holds no secret and no SAS.
/// </summary>
public sealed record StudyPipelineInput(
    string BlobUrl,
    string Container,
    string BlobName,
    string ETag,
    SubmissionKind Kind,
    string StudyPath,
    string? MaskBlobName,
    PipelineRetry? Retry = null)
{
    /// <summary>The input for an intake submission, with the given (or the default) retry policy.</summary>
    public static StudyPipelineInput From(StudySubmission submission, PipelineRetry? retry = null)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return new StudyPipelineInput(
            submission.BlobUrl.AbsoluteUri,
            submission.Container,
            submission.BlobName,
            submission.ETag,
            submission.Kind,
            submission.StudyPath,
            submission.MaskBlobName,
            retry);
    }

    /// <summary>
    /// The input's identity, <see cref="InstanceIds.For"/> of the blob URL and ETag: the instance id of the run intake
    /// starts for it (a backfill's runs of the same input have ids of their own).
    /// </summary>
    public string InstanceId => InstanceIds.For(new Uri(BlobUrl), ETag);

    /// <summary>The same as <see cref="InstanceId"/>, named for what it identifies where the run's id may differ.</summary>
    public string InputId => InstanceId;

    public override string ToString() => $"{Kind} {InstanceId}";
}

/// <summary>
/// The retry policy of every activity: transient failures only (<see cref="PipelineFailures.IsTransient"/>), at most
/// <paramref name="MaxAttempts"/> attempts, waiting <paramref name="FirstInterval"/> and then
/// <paramref name="BackoffCoefficient"/> times longer each time, never more than <paramref name="MaxInterval"/>.
/// </summary>
public sealed record PipelineRetry(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval)
{
    /// <summary>4 attempts, 2 s, 4 s and 8 s apart.</summary>
    public static PipelineRetry Default { get; } = new(4, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1));
}
