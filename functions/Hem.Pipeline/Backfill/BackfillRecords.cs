using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;

namespace Hem.Pipeline.Backfill;

// The records the Backfill orchestration passes through its history: blob references and counts, never volumes.

/// <summary>One study found by the listing: the blob version that stands for it and what kind of input it is.</summary>
public sealed record BackfillInput(string BlobUrl, string BlobName, string ETag, SubmissionKind Kind, string StudyPath, string? MaskBlobName, DateTimeOffset LastModified)
{
    /// <summary>The input's identity, the same the intake gives the same blob version (<see cref="InstanceIds.For"/>).</summary>
    public string InputId => InstanceIds.For(new Uri(BlobUrl), ETag);

    public StudyPipelineInput ToPipelineInput(string container, PipelineRetry? retry) =>
        new(BlobUrl, container, BlobName, ETag, Kind, StudyPath, MaskBlobName, retry);
}

/// <summary><c>ListBackfillInputs</c>' input: the request, where the listing stands, and about how many studies to return.</summary>
public sealed record BackfillListing(BackfillRequest Request, string? ContinuationToken, int PageSize);

/// <summary>A page of studies and where the listing goes on (null at the end).</summary>
public sealed record BackfillPage(IReadOnlyList<BackfillInput> Inputs, string? ContinuationToken);

/// <summary><c>FindProcessedInputs</c>' input: the inputs of a page and the model version they would run with.</summary>
public sealed record ProcessedInputsQuery(IReadOnlyList<string> InputIds, string ModelVersion);

/// <summary>What an earlier run left for an input: its results for the model version (study key and volumes), or its rejection.</summary>
public sealed record ProcessedInput(string InputId, string? StudyKey, double? BaselineVolumeMl, double? PredictedFollowupVolumeMl, bool? HematomaExpansionPredicted, string? RejectionCode);

/// <summary>How a study of a backfill ended.</summary>
public enum BackfillOutcome
{
    Completed,
    Rejected,
    Failed,
    Skipped,
}

/// <summary>
/// One study's row of the backfill's summary table: its input, run, study key, outcome (with the rejection or failure
/// reason), volumes, expansion flag, model version, and when its run started and ended (the orchestration's clock).
/// </summary>
public sealed record BackfillRow(
    string Input,
    string InputId,
    string? InstanceId,
    string? StudyKey,
    BackfillOutcome Outcome,
    string? Reason,
    double? BaselineVolumeMl,
    double? PredictedFollowupVolumeMl,
    double? PredictedGrowthMl,
    bool? HematomaExpansionPredicted,
    string ModelVersion,
    DateTimeOffset? Started,
    DateTimeOffset? Finished)
{
    public double? Seconds => Started is { } s && Finished is { } f ? Math.Round((f - s).TotalSeconds, 1) : null;
}

/// <summary><c>RecordBackfillRows</c>' input: a page's rows, stored as one blob per page.</summary>
public sealed record BackfillRowsRecord(string BackfillId, int Page, IReadOnlyList<BackfillRow> Rows);

/// <summary>How many studies each way so far.</summary>
public sealed record BackfillCounts(int Listed, int Completed, int Rejected, int Failed, int Skipped)
{
    public static BackfillCounts None { get; } = new(0, 0, 0, 0, 0);

    public int Done => Completed + Rejected + Failed + Skipped;

    public BackfillCounts Add(IEnumerable<BackfillRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows.ToList();
        return new BackfillCounts(
            Listed + list.Count,
            Completed + list.Count(r => r.Outcome == BackfillOutcome.Completed),
            Rejected + list.Count(r => r.Outcome == BackfillOutcome.Rejected),
            Failed + list.Count(r => r.Outcome == BackfillOutcome.Failed),
            Skipped + list.Count(r => r.Outcome == BackfillOutcome.Skipped));
    }
}

/// <summary>
/// The Backfill orchestration's input, carried from one execution to the next (ContinueAsNew after every page): the
/// request, the listing's position, the counts so far, the total found by the first count, the model version the
/// studies run with, when it started, and whether it was cancelled.
/// </summary>
public sealed record BackfillState(
    string BackfillId,
    BackfillRequest Request,
    int MaxConcurrency,
    string? ContinuationToken,
    int Page,
    BackfillCounts Counts,
    int? Total,
    string? ModelVersion,
    DateTimeOffset? Started,
    bool Cancelled,
    PipelineRetry? Retry = null)
{
    public static BackfillState Start(string backfillId, BackfillRequest request, int maxConcurrency, PipelineRetry? retry = null) =>
        new(backfillId, request, maxConcurrency, null, 0, BackfillCounts.None, null, null, null, false, retry);
}

/// <summary>
/// The Backfill orchestration's custom status: the counts, the studies running, how fast it goes (studies per minute
/// since it started) and about how long is left; whether it is stopping because it was cancelled.
/// </summary>
public sealed record BackfillProgress(int? Total, int Done, int Completed, int Rejected, int Failed, int Skipped, int Running, double? StudiesPerMinute, double? SecondsLeft, bool Cancelling, string Phase);

/// <summary><c>WriteBackfillSummary</c>' input.</summary>
public sealed record BackfillSummaryRequest(string BackfillId, string ModelVersion, int Pages, BackfillCounts Counts, bool Cancelled, DateTimeOffset Started, DateTimeOffset Finished);

/// <summary>
/// What a backfill came to (the orchestration's output): the counts, whether it was cancelled, the summary blobs in the
/// results container, and the evaluation's means when ground truth was present.
/// </summary>
public sealed record BackfillResult(
    string BackfillId,
    string ModelVersion,
    BackfillCounts Counts,
    bool Cancelled,
    string Container,
    string SummaryCsv,
    string SummaryJson,
    int EvaluatedCases,
    double? MeanGrowthDice,
    double? MeanAevMl,
    double? MeanAaevMl);
