using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>Voxel-wise mask arithmetic on one grid (0/1 results; non-zero counts as inside).</summary>
internal static class Masks
{
    /// <summary>Voxels whose HU lies in <c>[minimumHu, maximumHu]</c>.</summary>
    public static Volume<byte> InRange(Volume<short> hu, int minimumHu, int maximumHu)
    {
        var source = hu.Voxels;
        var mask = new byte[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            int value = source[i];
            mask[i] = (byte)(value >= minimumHu && value <= maximumHu ? 1 : 0);
        }

        return hu.SameGrid(mask);
    }

    /// <summary><paramref name="left"/> and <paramref name="right"/>, written over <paramref name="left"/>.</summary>
    public static Volume<byte> IntersectInPlace(Volume<byte> left, Volume<byte> right)
    {
        RequireSameGrid(left, right);
        var a = left.Voxels;
        var b = right.Voxels;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (byte)(a[i] != 0 && b[i] != 0 ? 1 : 0);
        }

        return left;
    }

    /// <summary><paramref name="left"/> without <paramref name="right"/>, written over <paramref name="left"/>.</summary>
    public static Volume<byte> SubtractInPlace(Volume<byte> left, Volume<byte> right)
    {
        RequireSameGrid(left, right);
        var a = left.Voxels;
        var b = right.Voxels;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = (byte)(a[i] != 0 && b[i] == 0 ? 1 : 0);
        }

        return left;
    }

    public static long Count(Volume<byte> mask)
    {
        long count = 0;
        foreach (byte value in mask.Voxels)
        {
            if (value != 0)
            {
                count++;
            }
        }

        return count;
    }

    public static double VolumeMl(Volume<byte> mask) => Count(mask) * mask.VoxelVolumeMl;

    /// <summary>Refuses a volume whose size or spacing differs from the reference's (masks from other sources may differ in origin by rounding only).</summary>
    public static void RequireSameGrid<TLeft, TRight>(Volume<TLeft> left, Volume<TRight> right, string? name = null)
        where TLeft : unmanaged
        where TRight : unmanaged
    {
        if (left.Size != right.Size || !SameSpacing(left.Geometry.Spacing, right.Geometry.Spacing))
        {
            throw new ArgumentException($"a {right.Size} volume is not on the {left.Size} grid of the CT", name ?? nameof(right));
        }
    }

    private static bool SameSpacing(Vector3D a, Vector3D b) =>
        Math.Abs(a.X - b.X) <= 1e-6 * a.X && Math.Abs(a.Y - b.Y) <= 1e-6 * a.Y && Math.Abs(a.Z - b.Z) <= 1e-6 * a.Z;
}
