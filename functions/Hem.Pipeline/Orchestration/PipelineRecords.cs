using Hem.Pipeline.Analysis;

namespace Hem.Pipeline.Orchestration;

// The records that cross the orchestration's history: small, and free of patient data (no blob names beyond the
// input's own reference, no DICOM values). Volumes and files travel through the work area (WorkArea) instead.

/// <summary>Why a study cannot be analysed: <see cref="StudyRejectedException"/>'s stable code and its sentence.</summary>
public sealed record StudyRejection(string Code, string Reason)
{
    /// <summary>The code of an input that cannot be read at all (<see cref="AnalysisInputException"/>).</summary>
    public const string UnreadableInput = "unreadable-input";

    public static StudyRejection Of(StudyRejectedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new StudyRejection(exception.Code, exception.Message);
    }

    public static StudyRejection Of(AnalysisInputException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new StudyRejection(UnreadableInput, exception.Message);
    }
}

/// <summary><c>ValidateStudy</c>'s answer: what the input is (kind, SHA-256) or why it is rejected.</summary>
public sealed record ValidatedStudy(string InputKind, string InputSha256, StudyRejection? Rejection, IReadOnlyList<StepTiming> Timings);

/// <summary><c>DeidentifyStudy</c>'s answer: the de-identified study key and how many objects were kept, or a rejection.</summary>
public sealed record DeidentifiedStudy(string? StudyKey, int Objects, StudyRejection? Rejection, IReadOnlyList<StepTiming> Timings);

/// <summary><c>PreprocessStudy</c>'s input: the submission and, for DICOM, the study key de-identification gave.</summary>
public sealed record PreprocessRequest(StudyPipelineInput Study, string? StudyKey);

/// <summary>
/// <c>PreprocessStudy</c>'s answer: the study key (research volumes get theirs here), what was read, the volume's
/// corrections, the brain's warnings, and whether the input came with its baseline mask; or a rejection.
/// </summary>
public sealed record PreprocessedStudy(
    string? StudyKey,
    string Description,
    IReadOnlyList<string> Corrections,
    IReadOnlyList<string> BrainWarnings,
    bool HasGivenMask,
    StudyRejection? Rejection,
    IReadOnlyList<StepTiming> Timings);

/// <summary><c>SegmentBaseline</c>'s answer: the baseline hematoma's volume (0 when none was found).</summary>
public sealed record SegmentedBaseline(double BaselineMl, IReadOnlyList<StepTiming> Timings);

/// <summary>A box of study voxels, [X0, X1) x [Y0, Y1) x [Z0, Z1): where the model grid lies on the study's grid.</summary>
public sealed record VoxelRange(int X0, int Y0, int Z0, int X1, int Y1, int Z1)
{
    public static VoxelRange Of(Hem.Imaging.Volumes.VoxelBox box) => new(box.X0, box.Y0, box.Z0, box.X1, box.Y1, box.Z1);

    public Hem.Imaging.Volumes.VoxelBox ToBox() => new(X0, Y0, Z0, X1, Y1, Z1);
}

/// <summary>
/// <c>PredictFollowup</c>'s answer: the served model (as outputs describe it) and its threshold; where the model grid
/// lies and how many windows ran, or null when there was no baseline hematoma and so no request.
/// </summary>
public sealed record PredictedFollowup(ModelDescription Model, double Threshold, VoxelRange? ModelGridRoi, int Windows, IReadOnlyList<StepTiming> Timings);

/// <summary><c>PostprocessPrediction</c>'s answer: the predicted follow-up hematoma's volume on the study's grid.</summary>
public sealed record PostprocessedPrediction(double PredictedMl, IReadOnlyList<StepTiming> Timings);

/// <summary><c>WriteOutputs</c>' input: everything the earlier steps found, and their timings.</summary>
public sealed record WriteOutputsRequest(
    string StudyKey,
    ValidatedStudy Validated,
    PreprocessedStudy Preprocessed,
    PredictedFollowup Predicted,
    DateTimeOffset Started,
    IReadOnlyList<StepTiming> Timings);

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

/// <summary>
/// <c>RecordRejection</c>'s input: what <c>{instanceId}.json</c> in the rejected container holds. <paramref name="InputId"/>
/// is the input's identity (<see cref="StudyPipelineInput.InputId"/>); <paramref name="StudyKey"/> is known when the study
/// was rejected after de-identification.
/// </summary>
public sealed record RejectionRecord(string InstanceId, string Code, string Reason, string InputContainer, string InputBlob, string InputETag, string? InputId = null, string? StudyKey = null);

/// <summary>
/// <c>RecordStudyRun</c>'s input: that an instance analyses the study with this key, from the input with this identity
/// (an intake run's instance id is its input id; a backfill's runs have their own).
/// </summary>
public sealed record StudyRunEntry(string StudyKey, string InstanceId, DateTimeOffset Started, string? InputId = null);

/// <summary>What the run index knows of an input: the study key it has, and the rejection code when it was rejected.</summary>
public sealed record InputRecord(string InputId, string? StudyKey, string? RejectionCode);

/// <summary>What the orchestration returns.</summary>
public sealed record StudyPipelineResult(string Outcome, StudyResult? Result, StudyRejection? Rejection, string? RejectionBlob)
{
    public const string Completed = "completed";

    public const string Rejected = "rejected";
}

/// <summary>The orchestration's custom status: the step running now, and the study key once it is known.</summary>
public sealed record PipelineStatus(string Step, string? StudyKey = null);
