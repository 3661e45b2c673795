using System.Runtime.CompilerServices;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>The smallest box holding every voxel of a CT at or above a HU: where dense tissue (bone, say) is.</summary>
internal static class TissueBox
{
    /// <summary>The box, or null when no voxel reaches <paramref name="minimumHu"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static VoxelBox? Find(Volume<short> ct, int minimumHu)
    {
        ArgumentNullException.ThrowIfNull(ct);
        if (minimumHu > short.MaxValue)
        {
            return null;
        }

        short low = (short)Math.Max(minimumHu, short.MinValue);
        var size = ct.Size;
        int x0 = int.MaxValue, y0 = int.MaxValue, z0 = int.MaxValue, x1 = -1, y1 = -1, z1 = -1;
        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < size.Y; y++)
            {
                var row = ct.Voxels.AsSpan((int)((z * size.VoxelsPerSlice) + ((long)y * size.X)), size.X);
                int first = row.IndexOfAnyInRange(low, short.MaxValue);
                if (first < 0)
                {
                    continue;
                }

                x0 = Math.Min(x0, first);
                x1 = Math.Max(x1, row.LastIndexOfAnyInRange(low, short.MaxValue));
                y0 = Math.Min(y0, y);
                y1 = Math.Max(y1, y);
                z0 = Math.Min(z0, z);
                z1 = z;
            }
        }

        return x1 < 0 ? null : new VoxelBox(x0, y0, z0, x1 + 1, y1 + 1, z1 + 1);
    }
}
