namespace Hem.Dicom.Series;

/// <summary>
/// Everything <see cref="VolumeBuilder"/> decides from the slice headers alone, before a pixel is read: the sorted
/// stack, the gantry tilt, the slice spacing, the in-plane grid and the volume's size. Making one runs every
/// geometry check the builder runs, so a series that plans is a series the builder accepts (pixels aside).
/// </summary>
public sealed record VolumePlan(SortedSlices Stack, GantryTilt Tilt, SliceSpacing Spacing, InPlaneGrid Grid, GridSize Size);
