using System.Diagnostics.CodeAnalysis;

namespace Hem.Dicom.Series;

/// <summary>
/// A CT series as a regular grid of Hounsfield units: voxels x fastest, then y, then z; HU = stored x slope +
/// intercept, rounded half away from zero and clamped to the range of a short; padding pixels and places no
/// slice covers hold <see cref="AirHu"/>. A plain data holder: geometry maths lives in the classes that build it.
/// </summary>
public sealed class CtVolume
{
    /// <summary>The value written for pixel padding and for voxels outside every acquired slice.</summary>
    public const short AirHu = -1024;

    public CtVolume(VolumeGeometry geometry, short[] voxels, IEnumerable<GeometryCorrection> corrections, string? seriesInstanceUid = null)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(voxels);
        ArgumentNullException.ThrowIfNull(corrections);
        if (voxels.LongLength != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{voxels.LongLength} voxels do not fill a {geometry.Size} grid", nameof(voxels));
        }

        Geometry = geometry;
        Voxels = voxels;
        Corrections = [.. corrections];
        SeriesInstanceUid = seriesInstanceUid;
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>The HU values; the array itself, not a copy, so large volumes are never duplicated.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "a volume is its voxel array; copying hundreds of megabytes per access is not an option")]
    public short[] Voxels { get; }

    public IReadOnlyList<GeometryCorrection> Corrections { get; }

    public string? SeriesInstanceUid { get; }

    public GridSize Size => Geometry.Size;

    public Vector3D Spacing => Geometry.Spacing;

    public Vector3D Origin => Geometry.Origin;

    public Vector3D RowDirection => Geometry.RowDirection;

    public Vector3D ColumnDirection => Geometry.ColumnDirection;

    public Vector3D SliceDirection => Geometry.SliceDirection;

    /// <summary>Voxel index to DICOM patient coordinates (LPS, mm).</summary>
    public Affine Affine => Geometry.Affine;

    public short this[int x, int y, int z] => Voxels[IndexOf(x, y, z)];

    public long IndexOf(int x, int y, int z)
    {
        var size = Geometry.Size;
        if ((uint)x >= (uint)size.X || (uint)y >= (uint)size.Y || (uint)z >= (uint)size.Z)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"voxel ({x}, {y}, {z}) is outside the {size} grid");
        }

        return ((long)z * size.VoxelsPerSlice) + ((long)y * size.X) + x;
    }
}
