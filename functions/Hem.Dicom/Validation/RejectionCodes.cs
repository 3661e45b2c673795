namespace Hem.Dicom.Validation;

/// <summary>
/// The stable machine codes of study validation. A study is rejected with one code; every series not chosen is
/// excluded with one. Codes are part of the pipeline's contract (events, reports, the CLI's JSON): never rename
/// one, only add. The table in docs/ARCHITECTURE.md ("Study validation") gives each its sentence.
/// </summary>
public static class RejectionCodes
{
    /// <summary>Study: nothing in the input is a readable DICOM image.</summary>
    public const string NoDicom = "no-dicom";

    /// <summary>Study: no image series is CT.</summary>
    public const string NoCt = "no-ct";

    /// <summary>Series: its Modality is not CT.</summary>
    public const string WrongModality = "wrong-modality";

    /// <summary>Study and series: a secondary capture (screenshot or scanned image), not reconstructed slices.</summary>
    public const string SecondaryCapture = "secondary-capture";

    /// <summary>Study and series: ImageType is not ORIGINAL\PRIMARY (a reformat, MIP, or derived image).</summary>
    public const string NotOriginal = "not-original";

    /// <summary>Series: a localizer (scout) or a lone image.</summary>
    public const string Localizer = "localizer";

    /// <summary>Study: only localizers (scouts) or lone images.</summary>
    public const string LocalizerOnly = "localizer-only";

    /// <summary>Study and series: the slice plane is not axial.</summary>
    public const string NotAxial = "not-axial";

    /// <summary>Study and series: a contrast agent is recorded, or the series is named as a contrast study.</summary>
    public const string ContrastEnhanced = "contrast-enhanced";

    /// <summary>Study and series: BurnedInAnnotation is YES.</summary>
    public const string BurnedInAnnotation = "burned-in-annotation";

    /// <summary>Study and series: fewer slices than a head volume needs.</summary>
    public const string TooFewSlices = "too-few-slices";

    /// <summary>Study and series: the slices span too little along the slice normal to hold a head.</summary>
    public const string InsufficientCoverage = "insufficient-coverage";

    /// <summary>Series: it qualifies, but another series is preferred.</summary>
    public const string NotPreferred = "not-preferred";

    /// <summary>Study: the chosen series mixes sizes, spacings or orientations, or has duplicate or missing slices.</summary>
    public const string InconsistentGeometry = "inconsistent-geometry";

    /// <summary>Study: the chosen series' gantry tilt is beyond what is corrected.</summary>
    public const string UncorrectableTilt = "uncorrectable-tilt";

    /// <summary>Study: the chosen series' pixel encoding has no decoder here.</summary>
    public const string UnsupportedTransferSyntax = "unsupported-transfer-syntax";

    /// <summary>Study: files of the chosen series (or files that may belong to it) cannot be read.</summary>
    public const string CorruptFile = "corrupt-file";

    /// <summary>Study: the zip inflates far more than images do.</summary>
    public const string ZipBomb = "zip-bomb";

    /// <summary>Study: a zip entry's path leaves the archive folder.</summary>
    public const string PathTraversal = "path-traversal";

    /// <summary>Study: too many files or bytes, or a volume beyond the voxel limit.</summary>
    public const string InputTooLarge = "input-too-large";

    /// <summary>Study: the zip itself cannot be read.</summary>
    public const string UnreadableArchive = "unreadable-archive";

    /// <summary>Every code, for documentation checks.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        NoDicom, NoCt, WrongModality, SecondaryCapture, NotOriginal, Localizer, LocalizerOnly, NotAxial, ContrastEnhanced,
        BurnedInAnnotation, TooFewSlices, InsufficientCoverage, NotPreferred, InconsistentGeometry, UncorrectableTilt,
        UnsupportedTransferSyntax, CorruptFile, ZipBomb, PathTraversal, InputTooLarge, UnreadableArchive,
    ];
}

/// <summary>Why a study was rejected: a stable code and a sentence a person understands (no attribute values).</summary>
public sealed record Rejection(string Code, string Reason);
