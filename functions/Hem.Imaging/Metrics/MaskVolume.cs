using Hem.Imaging.Volumes;

namespace Hem.Imaging.Metrics;

/// <summary>How much of a grid a mask (non-zero = inside) fills.</summary>
public static class MaskVolume
{
    public static long VoxelCount(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var voxels = mask.Voxels.AsSpan();
        return voxels.Length - voxels.Count((byte)0);
    }

    /// <summary>The mask's volume in millilitres: voxel count x voxel volume.</summary>
    public static double Ml(Volume<byte> mask) => VoxelCount(mask) * mask.VoxelVolumeMl;

    /// <summary>Voxels inside both masks.</summary>
    public static long IntersectionCount(Volume<byte> a, Volume<byte> b)
    {
        MaskGrids.RequireSame(a, b);
        var x = a.Voxels;
        var y = b.Voxels;
        long count = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] != 0 && y[i] != 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The voxels of <paramref name="mask"/> not in <paramref name="removed"/>, as a 0/1 mask.</summary>
    public static Volume<byte> Difference(Volume<byte> mask, Volume<byte> removed)
    {
        MaskGrids.RequireSame(mask, removed);
        var a = mask.Voxels;
        var b = removed.Voxels;
        var result = new byte[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            result[i] = (byte)(a[i] != 0 && b[i] == 0 ? 1 : 0);
        }

        return mask.SameGrid(result);
    }
}
