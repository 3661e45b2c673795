using Hem.Dicom.Series;

namespace Hem.Dicom.Validation;

/// <summary>The thresholds of study validation. The defaults suit a non-contrast head CT; docs/ARCHITECTURE.md explains each.</summary>
public sealed record StudyValidationOptions
{
    public static StudyValidationOptions Default { get; } = new();

    /// <summary>
    /// The chosen series must span at least this much along the slice normal, first slice centre to last. The
    /// brain is about 130 mm from vertex to foramen magnum; 100 mm keeps the supratentorial brain and most of the
    /// posterior fossa, where hematomas are measured.
    /// </summary>
    public double MinCoverageMm { get; init; } = 100;

    /// <summary>Fewer slices than this is not a head volume (a 10 mm acquisition over 100 mm has 11).</summary>
    public int MinSlices { get; init; } = 10;

    /// <summary>
    /// A series is axial when its slice normal is within this angle of the patient's head-to-foot axis. Gantries
    /// tilt up to about 30 degrees, and a tilted axial series is still axial; a coronal or sagittal plane is 90.
    /// </summary>
    public double MaxAxialDeviationDegrees { get; init; } = 30;

    /// <summary>Slices this thick or thinner are preferred, down to <see cref="PreferredMinThicknessMm"/>.</summary>
    public double PreferredMaxThicknessMm { get; init; } = 5;

    /// <summary>
    /// Thinner slices than this are acceptable but not preferred: sub-millimetre bone reconstructions are noisy
    /// for soft tissue and many times the data.
    /// </summary>
    public double PreferredMinThicknessMm { get; init; } = 0.5;

    /// <summary>A series of at most this many slices is a localizer when its slices are far apart or not parallel.</summary>
    public int LocalizerMaxSlices { get; init; } = 3;

    /// <summary>Slices of a small series further apart than this (mm) are separate scout images, not a stack.</summary>
    public double LocalizerMinGapMm { get; init; } = 20;

    /// <summary>The geometry limits the chosen series is checked against: the ones the volume will be built with.</summary>
    public VolumeBuildOptions Volume { get; init; } = VolumeBuildOptions.Default;
}
