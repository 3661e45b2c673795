using System.Numerics;
using System.Runtime.CompilerServices;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>Voxel-wise mask arithmetic on one grid (0/1 results; non-zero counts as inside).</summary>
internal static class Masks
{
    /// <summary>Voxels whose HU lies in <c>[minimumHu, maximumHu]</c>.</summary>
    public static Volume<byte> InRange(Volume<short> hu, int minimumHu, int maximumHu)
    {
        var mask = GC.AllocateUninitializedArray<byte>(hu.Voxels.Length);
        InRange(hu.Voxels, mask, minimumHu, maximumHu);
        return hu.SameGrid(mask);
    }

    /// <summary>Writes 1 where the HU lies in <c>[minimumHu, maximumHu]</c> and 0 elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InRange(ReadOnlySpan<short> hu, Span<byte> mask, int minimumHu, int maximumHu)
    {
        if (mask.Length != hu.Length)
        {
            throw new ArgumentException($"a mask of {mask.Length} voxels does not match {hu.Length} HU values", nameof(mask));
        }

        if (minimumHu > maximumHu || minimumHu > short.MaxValue || maximumHu < short.MinValue)
        {
            mask.Clear();
            return;
        }

        short low = (short)Math.Max(minimumHu, short.MinValue);
        short high = (short)Math.Min(maximumHu, short.MaxValue);
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            int width = Vector<short>.Count;
            var lows = new Vector<short>(low);
            var highs = new Vector<short>(high);
            var ones = Vector<ushort>.One;
            for (; i <= hu.Length - (2 * width); i += 2 * width)
            {
                var first = new Vector<short>(hu[i..]);
                var second = new Vector<short>(hu[(i + width)..]);
                var inFirst = Vector.AsVectorUInt16(Vector.GreaterThanOrEqual(first, lows) & Vector.LessThanOrEqual(first, highs)) & ones;
                var inSecond = Vector.AsVectorUInt16(Vector.GreaterThanOrEqual(second, lows) & Vector.LessThanOrEqual(second, highs)) & ones;
                Vector.Narrow(inFirst, inSecond).CopyTo(mask[i..]);
            }
        }

        for (; i < hu.Length; i++)
        {
            int value = hu[i];
            mask[i] = (byte)(value >= low && value <= high ? 1 : 0);
        }
    }

    /// <summary><paramref name="left"/> and <paramref name="right"/>, written over <paramref name="left"/>.</summary>
    public static Volume<byte> IntersectInPlace(Volume<byte> left, Volume<byte> right)
    {
        RequireSameGrid(left, right);
        IntersectInPlace(left.Voxels, right.Voxels);
        return left;
    }

    /// <summary><paramref name="left"/> and <paramref name="right"/> as 0/1, written over <paramref name="left"/>.</summary>
    public static void IntersectInPlace(Span<byte> left, ReadOnlySpan<byte> right) => Combine(left, right, subtract: false);

    /// <summary><paramref name="left"/> without <paramref name="right"/>, written over <paramref name="left"/>.</summary>
    public static Volume<byte> SubtractInPlace(Volume<byte> left, Volume<byte> right)
    {
        RequireSameGrid(left, right);
        SubtractInPlace(left.Voxels, right.Voxels);
        return left;
    }

    /// <summary><paramref name="left"/> without <paramref name="right"/> as 0/1, written over <paramref name="left"/>.</summary>
    public static void SubtractInPlace(Span<byte> left, ReadOnlySpan<byte> right) => Combine(left, right, subtract: true);

    public static long Count(Volume<byte> mask) => Count(mask.Voxels);

    public static long Count(ReadOnlySpan<byte> mask) => mask.Length - mask.Count((byte)0);

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combine(Span<byte> left, ReadOnlySpan<byte> right, bool subtract)
    {
        if (left.Length != right.Length)
        {
            throw new ArgumentException($"masks of {left.Length} and {right.Length} voxels cannot be combined", nameof(right));
        }

        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= left.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var outsideLeft = Vector.Equals(new Vector<byte>(left[i..]), Vector<byte>.Zero);
                var outsideRight = Vector.Equals(new Vector<byte>(right[i..]), Vector<byte>.Zero);
                var inside = subtract ? Vector.AndNot(outsideRight, outsideLeft) : ~(outsideLeft | outsideRight);
                (inside & Vector<byte>.One).CopyTo(left[i..]);
            }
        }

        for (; i < left.Length; i++)
        {
            bool inside = left[i] != 0 && (right[i] != 0) != subtract;
            left[i] = (byte)(inside ? 1 : 0);
        }
    }

    private static bool SameSpacing(Vector3D a, Vector3D b) =>
        Math.Abs(a.X - b.X) <= 1e-6 * a.X && Math.Abs(a.Y - b.Y) <= 1e-6 * a.Y && Math.Abs(a.Z - b.Z) <= 1e-6 * a.Z;
}
