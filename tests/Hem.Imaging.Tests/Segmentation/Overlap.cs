using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

internal static class Overlap
{
    public static double Dice(Volume<byte> a, Volume<byte> b)
    {
        long both = 0;
        long total = 0;
        for (int i = 0; i < a.Voxels.Length; i++)
        {
            bool inA = a.Voxels[i] != 0;
            bool inB = b.Voxels[i] != 0;
            total += (inA ? 1 : 0) + (inB ? 1 : 0);
            both += inA && inB ? 1 : 0;
        }

        return total == 0 ? 1 : 2.0 * both / total;
    }

    public static long Count(Volume<byte> mask) => mask.Voxels.LongCount(v => v != 0);

    public static long CountBoth(Volume<byte> a, Volume<byte> b)
    {
        long both = 0;
        for (int i = 0; i < a.Voxels.Length; i++)
        {
            both += a.Voxels[i] != 0 && b.Voxels[i] != 0 ? 1 : 0;
        }

        return both;
    }
}
