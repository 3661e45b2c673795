using Hem.Pipeline.Analysis;

namespace Hem.Pipeline.Orchestration;

/// <summary>Why a study cannot be analysed: <see cref="StudyRejectedException"/>'s stable code and its sentence.</summary>
public sealed record StudyRejection(string Code, string Reason)
{
    public static StudyRejection Of(StudyRejectedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new StudyRejection(exception.Code, exception.Message);
    }
}

/// <summary><c>FetchStudy</c>'s answer: the local path to analyse (on the worker that ran it), or a rejection.</summary>
public sealed record FetchedStudy(string? LocalInput, StudyRejection? Rejection);

/// <summary><c>AnalyseStudy</c>'s input: the submission and what <c>FetchStudy</c> fetched.</summary>
public sealed record AnalyseStudyInput(StudyPipelineInput Study, string LocalInput);

/// <summary>
/// A completed analysis, small enough for the history: where its outputs are (container, <c>{studyKey}/{modelVersion}/</c>
/// and the blob names below it), and the numbers of <c>volumes.json</c>.
/// </summary>
public sealed record StudyResult(
    string StudyKey,
    string ModelVersion,
    string Container,
    string Prefix,
    double BaselineVolumeMl,
    double PredictedFollowupVolumeMl,
    double PredictedGrowthMl,
    double? PredictedGrowthPercent,
    bool HematomaExpansionPredicted,
    IReadOnlyList<string> Outputs);

/// <summary><c>AnalyseStudy</c>'s answer: the result or a rejection.</summary>
public sealed record AnalysisOutcome(StudyResult? Result, StudyRejection? Rejection);

/// <summary><c>RecordRejection</c>'s input: what <c>rejected/{instanceId}.json</c> holds.</summary>
public sealed record RejectionRecord(string InstanceId, string Code, string Reason, string InputContainer, string InputBlob, string InputETag);

/// <summary>What the orchestration returns.</summary>
public sealed record StudyPipelineResult(string Outcome, StudyResult? Result, StudyRejection? Rejection, string? RejectionBlob)
{
    public const string Completed = "completed";

    public const string Rejected = "rejected";
}

/// <summary>The orchestration's custom status: the step running now.</summary>
public sealed record PipelineStatus(string Step);
