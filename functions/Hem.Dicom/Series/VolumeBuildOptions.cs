namespace Hem.Dicom.Series;

/// <summary>Tolerances and limits for turning a series into a volume. The defaults suit clinical head CT.</summary>
public sealed record VolumeBuildOptions
{
    public static VolumeBuildOptions Default { get; } = new();

    /// <summary>Refuse series whose Modality is not CT: the voxels are Hounsfield units.</summary>
    public bool RequireCt { get; init; } = true;

    /// <summary>Slices whose row or column direction differs from the first slice's by more than this are refused.</summary>
    public double OrientationToleranceDegrees { get; init; } = 0.1;

    /// <summary>Slices whose pixel spacing differs from the first slice's by more than this fraction are refused.</summary>
    public double PixelSpacingTolerance { get; init; } = 1e-3;

    /// <summary>Slices closer than this along the normal (mm) are duplicates, and the series is refused.</summary>
    public double DuplicatePositionTolerance { get; init; } = 0.01;

    /// <summary>
    /// Steps along the normal may differ from their mean by this fraction (or 0.02 mm, whichever is larger)
    /// before the slices are resampled onto a regular grid: positions are often rounded to 0.01 mm.
    /// </summary>
    public double UnevenSpacingTolerance { get; init; } = 0.01;

    /// <summary>A step more than this many times the median step means slices are missing; the series is refused.</summary>
    public double MaxGapRatio { get; init; } = 3;

    /// <summary>Gantry tilt beyond this is refused rather than corrected; scanners tilt up to about 30 degrees.</summary>
    public double MaxGantryTiltDegrees { get; init; } = 30;

    /// <summary>Volumes with more voxels than this are refused before the voxel array is allocated.</summary>
    public long MaxVoxels { get; init; } = 512L * 512 * 2048;
}
