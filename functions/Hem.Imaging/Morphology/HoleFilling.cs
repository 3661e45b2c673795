using Hem.Imaging.Volumes;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Fills holes: background that cannot be reached from the edge of the grid (in 3D) or of the slice (per axial
/// slice) through background. Background is connected through faces (6 neighbours in 3D, 4 in a slice), the
/// complement of the full connectivity a mask's own voxels are usually given, so a diagonal chain of mask
/// voxels encloses what it surrounds.
/// </summary>
public static class HoleFilling
{
    /// <summary>The mask (as 0/1) with every enclosed 3D cavity filled.</summary>
    public static Volume<byte> Fill3D(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var size = mask.Size;
        var filled = new byte[mask.Voxels.Length];
        new BackgroundFlood().FromEdge(mask.Voxels, filled, size.X, size.Y, size.Z, zPlanesAreEdges: true);
        Invert(filled);
        return mask.SameGrid(filled);
    }

    /// <summary>The mask (as 0/1) with the holes of each axial (z) slice filled, slice by slice.</summary>
    public static Volume<byte> FillPerSlice(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var size = mask.Size;
        int plane = checked((int)size.VoxelsPerSlice);
        var filled = new byte[mask.Voxels.Length];
        Parallel.For(
            0,
            size.Z,
            () => new BackgroundFlood(),
            (z, _, flood) =>
            {
                var slice = filled.AsSpan(z * plane, plane);
                flood.FromEdge(mask.Voxels.AsSpan(z * plane, plane), slice, size.X, size.Y, 1, zPlanesAreEdges: false);
                Invert(slice);
                return flood;
            },
            _ => { });
        return mask.SameGrid(filled);
    }

    // Everything the flood did not reach is mask or hole.
    private static void Invert(Span<byte> reached)
    {
        foreach (ref byte value in reached)
        {
            value = (byte)(value ^ 1);
        }
    }
}
