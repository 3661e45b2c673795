using System.Diagnostics.CodeAnalysis;
using Hem.Dicom.Series;

namespace Hem.Imaging.Volumes;

/// <summary>
/// A regular 3D grid of voxels with its place in patient space (DICOM LPS, mm): CT in Hounsfield units as
/// <c>Volume&lt;short&gt;</c>, masks as <c>Volume&lt;byte&gt;</c> (0 outside, 1 inside), maps as <c>Volume&lt;float&gt;</c>.
/// Voxels run x fastest, then y, then z, as in <see cref="CtVolume"/> and NIfTI.
/// </summary>
public sealed class Volume<T>
    where T : unmanaged
{
    public Volume(VolumeGeometry geometry, T[] voxels)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(voxels);
        if (voxels.LongLength != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{voxels.LongLength} voxels do not fill a {geometry.Size} grid", nameof(voxels));
        }

        Geometry = geometry;
        Voxels = voxels;
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>The voxels themselves, not a copy: volumes are large and are never duplicated by accident.</summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "a volume is its voxel array; copying it per access is not an option")]
    public T[] Voxels { get; }

    public GridSize Size => Geometry.Size;

    /// <summary>One voxel's volume in millilitres (mm^3 / 1000).</summary>
    public double VoxelVolumeMl => Geometry.Spacing.X * Geometry.Spacing.Y * Geometry.Spacing.Z / 1000.0;

    public T this[int x, int y, int z]
    {
        get => Voxels[IndexOf(x, y, z)];
        set => Voxels[IndexOf(x, y, z)] = value;
    }

    /// <summary>A volume of another voxel type on the same grid.</summary>
    public Volume<TOther> SameGrid<TOther>(TOther[] voxels)
        where TOther : unmanaged => new(Geometry, voxels);

    public bool Contains(int x, int y, int z) =>
        (uint)x < (uint)Size.X && (uint)y < (uint)Size.Y && (uint)z < (uint)Size.Z;

    public long IndexOf(int x, int y, int z)
    {
        if (!Contains(x, y, z))
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"voxel ({x}, {y}, {z}) is outside the {Size} grid");
        }

        return ((long)z * Size.VoxelsPerSlice) + ((long)y * Size.X) + x;
    }
}

/// <summary>Creating volumes, and conversions from the DICOM side's types.</summary>
public static class Volume
{
    /// <summary>An all-zero volume on a grid.</summary>
    public static Volume<T> Zeros<T>(VolumeGeometry geometry)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(geometry);
        return new Volume<T>(geometry, new T[geometry.Size.VoxelCount]);
    }

    /// <summary>The CT as a HU volume sharing the same voxel array (no copy).</summary>
    public static Volume<short> ToVolume(this CtVolume ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        return new Volume<short>(ct.Geometry, ct.Voxels);
    }
}
