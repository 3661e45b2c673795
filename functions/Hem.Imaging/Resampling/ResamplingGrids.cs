using Hem.Dicom.Series;

namespace Hem.Imaging.Resampling;

/// <summary>Target grids for resampling.</summary>
public static class ResamplingGrids
{
    /// <summary>The same orientation and physical extent with cubic voxels of <paramref name="spacingMm"/>.</summary>
    public static VolumeGeometry Isotropic(VolumeGeometry geometry, double spacingMm) =>
        WithSpacing(geometry, new Vector3D(spacingMm, spacingMm, spacingMm));

    /// <summary>
    /// The same orientation and (to within a voxel) the same physical extent at a new spacing: round(n x old / new)
    /// voxels per axis (at least 1), the grid's outer edge where the old one began, so voxel edges rather than
    /// centres stay in place (as SimpleITK's and nnU-Net's resampling do).
    /// </summary>
    public static VolumeGeometry WithSpacing(VolumeGeometry geometry, Vector3D spacing)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (!(spacing.X > 0 && spacing.Y > 0 && spacing.Z > 0) || !double.IsFinite(spacing.X + spacing.Y + spacing.Z))
        {
            throw new ArgumentOutOfRangeException(nameof(spacing), $"spacing {spacing} mm has an axis that is not positive");
        }

        var old = geometry.Spacing;
        var size = geometry.Size;
        var newSize = new GridSize(Count(size.X, old.X, spacing.X), Count(size.Y, old.Y, spacing.Y), Count(size.Z, old.Z, spacing.Z));
        // Move from the old first centre to the shared corner, then to the new first centre.
        var origin = geometry.Origin
            + ((0.5 * (spacing.X - old.X)) * geometry.RowDirection)
            + ((0.5 * (spacing.Y - old.Y)) * geometry.ColumnDirection)
            + ((0.5 * (spacing.Z - old.Z)) * geometry.SliceDirection);
        return new VolumeGeometry(newSize, spacing, origin, geometry.RowDirection, geometry.ColumnDirection, geometry.SliceDirection);
    }

    private static int Count(int count, double oldSpacing, double newSpacing)
    {
        double exact = count * oldSpacing / newSpacing;
        if (exact > int.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(newSpacing), $"a spacing of {newSpacing} mm would need {exact:0} voxels along one axis");
        }

        return Math.Max(1, (int)Math.Round(exact, MidpointRounding.AwayFromZero));
    }
}
