using Hem.Dicom.Series;

namespace Hem.Dicom.Validation;

/// <summary>
/// The outcome of validating a study: the chosen series with the reasons it was chosen, or a rejection with a
/// stable code and a sentence; in both cases every other series with the code and sentence that excluded it, and
/// the files passed over. Nothing here carries attribute values, names or UIDs of the study.
/// </summary>
public sealed class StudyValidation
{
    private StudyValidation(ChosenSeries? chosen, Rejection? rejection, IReadOnlyList<string> reasons, IReadOnlyList<SeriesExclusion> otherSeries, IgnoredFiles ignored)
    {
        Chosen = chosen;
        Rejection = rejection;
        Reasons = reasons;
        OtherSeries = otherSeries;
        Ignored = ignored;
    }

    public bool Accepted => Chosen is not null;

    /// <summary>The series the pipeline analyses; null when the study is rejected.</summary>
    public ChosenSeries? Chosen { get; }

    /// <summary>Why the study was rejected; null when it is accepted.</summary>
    public Rejection? Rejection { get; }

    /// <summary>For an accepted study, one sentence per rule the chosen series passed, in the order they apply.</summary>
    public IReadOnlyList<string> Reasons { get; }

    /// <summary>
    /// Every series not chosen, by index. In a rejected study that is every series, including the one chosen
    /// before a check on it failed (with the study's code).
    /// </summary>
    public IReadOnlyList<SeriesExclusion> OtherSeries { get; }

    public IgnoredFiles Ignored { get; }

    public static StudyValidation Accept(ChosenSeries chosen, IReadOnlyList<string> reasons, IReadOnlyList<SeriesExclusion> otherSeries, IgnoredFiles ignored)
    {
        ArgumentNullException.ThrowIfNull(chosen);
        ArgumentNullException.ThrowIfNull(reasons);
        ArgumentNullException.ThrowIfNull(otherSeries);
        ArgumentNullException.ThrowIfNull(ignored);
        return new StudyValidation(chosen, null, reasons, otherSeries, ignored);
    }

    public static StudyValidation Reject(Rejection rejection, IReadOnlyList<SeriesExclusion> otherSeries, IgnoredFiles ignored)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        ArgumentNullException.ThrowIfNull(otherSeries);
        ArgumentNullException.ThrowIfNull(ignored);
        return new StudyValidation(null, rejection, [], otherSeries, ignored);
    }
}

/// <summary>
/// The chosen series: its slices, ready for <see cref="VolumeBuilder"/>, and the plan its geometry checks made
/// (sorted stack, tilt, spacing), from which the reported numbers come.
/// </summary>
public sealed record ChosenSeries(int Index, int SeriesCount, DicomSeries Series, VolumePlan Plan, double? SliceThicknessMm, DicomTransferSyntax TransferSyntax)
{
    public string Modality => Series.Modality ?? "";

    public int Slices => Series.Slices.Count;

    /// <summary>The volume's spacing along the slice normal, mm (after resampling, when the slices were uneven).</summary>
    public double SpacingMm => Plan.Spacing.Step;

    /// <summary>First slice centre to last along the slice normal, mm.</summary>
    public double CoverageMm => Plan.Stack.Distances[^1];

    public int Rows => Plan.Stack.Rows;

    public int Columns => Plan.Stack.Columns;

    /// <summary>The gantry tilt measured from the slice positions (corrected when the volume is built), degrees.</summary>
    public double TiltDegrees => Plan.Tilt.AngleDegrees;
}

/// <summary>A series that was not chosen: its place among the study's series, its slice count, and why.</summary>
public sealed record SeriesExclusion(int Index, int Slices, string Code, string Reason);

/// <summary>Files passed over: not DICOM at all, or DICOM objects that are not images (DICOMDIR, reports).</summary>
public sealed record IgnoredFiles(int NotDicom, int NotImages)
{
    public static IgnoredFiles None { get; } = new(0, 0);
}
