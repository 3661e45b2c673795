using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Metrics;

/// <summary>Comparisons between masks only make sense voxel for voxel on one grid.</summary>
public static class MaskGrids
{
    /// <summary>Spacing, origin and directions may differ by this much (mm, or unitless for directions): float32 header rounding.</summary>
    private const double Tolerance = 1e-4;

    public static bool AreSame(VolumeGeometry a, VolumeGeometry b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return a.Size == b.Size
            && Close(a.Spacing, b.Spacing)
            && Close(a.Origin, b.Origin)
            && Close(a.RowDirection, b.RowDirection)
            && Close(a.ColumnDirection, b.ColumnDirection)
            && Close(a.SliceDirection, b.SliceDirection);
    }

    public static void RequireSame<TA, TB>(Volume<TA> a, Volume<TB> b)
        where TA : unmanaged
        where TB : unmanaged
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!AreSame(a.Geometry, b.Geometry))
        {
            throw new ArgumentException($"the masks are not on the same grid ({a.Size}, origin {a.Geometry.Origin}; {b.Size}, origin {b.Geometry.Origin})", nameof(b));
        }
    }

    private static bool Close(Vector3D a, Vector3D b) => (a - b).Length <= Tolerance * Math.Max(1, Math.Max(a.Length, b.Length));
}
