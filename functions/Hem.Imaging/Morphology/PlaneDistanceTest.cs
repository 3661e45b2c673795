using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// The hit test of <see cref="BlockMorphology"/> for square pixels, separable like a distance transform: first, in
/// each slice, the squared distance in pixels from every voxel to the nearest feature of the slice (the least
/// squared row distance plus squared row offset over the rows the ball spans, in whole numbers); then a voxel is
/// hit when one slice within reach has that distance within the slice's limit (<see cref="BallSlabs"/>). A ball
/// spanning r rows and s slices costs r + s vector operations per vector of voxels instead of about r x s, which
/// is what makes thin slices affordable. Distances above the centre slice's limit are saturated there.
/// </summary>
internal sealed class PlaneDistanceTest
{
    // Squared row distance (saturated at the limit + 1) plus squared row offset (at most the limit) must fit a ushort.
    private const int LargestLimit = (ushort.MaxValue - 1) / 2;

    private readonly GridSize _size;
    private readonly ushort[] _squared;
    private readonly ulong[] _planeReach;

    public PlaneDistanceTest(GridSize size)
    {
        _size = size;
        _squared = GC.AllocateUninitializedArray<ushort>(checked((int)size.VoxelCount));
        _planeReach = new ulong[size.Y * size.Z];
    }

    /// <summary>
    /// Whether this test should serve the ball. Over one to three slices the row-by-row test is as fast (it stops
    /// early where everything is hit and needs no pass over the distances); from five slices on, this one wins.
    /// </summary>
    public static bool Handles(BallSlabs slabs)
    {
        ArgumentNullException.ThrowIfNull(slabs);
        return slabs.ReachZ >= 2 && slabs.PlaneLimit(0) <= LargestLimit;
    }

    /// <summary>Writes the dilation (or erosion) from the row distances and row reach of the source's features.</summary>
    public void Write(byte[] source, byte[] target, byte[] distance, ulong[] rowReach, BallSlabs slabs, bool erosion)
    {
        ushort saturated = (ushort)(slabs.PlaneLimit(0) + 1);
        int plane = checked((int)_size.VoxelsPerSlice);
        Parallel.For(
            0,
            _size.Z,
            () => GC.AllocateUninitializedArray<ushort>(plane),
            (z, _, rowSquares) =>
            {
                MeasureSlice(distance, rowReach, rowSquares, slabs.ReachY, saturated, z);
                return rowSquares;
            },
            _ => { });

        Parallel.For(
            0,
            _size.Z,
            () => new LimitedStarts<ushort>((2 * slabs.ReachZ) + 1),
            (z, _, list) =>
            {
                for (int y = 0; y < _size.Y; y++)
                {
                    WriteRow(source, target, slabs, list, y, z, erosion);
                }

                return list;
            },
            _ => { });
    }

    /// <summary>The squared in-plane distances of one slice, and per row the tiles its features reach.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MeasureSlice(byte[] distance, ulong[] rowReach, ushort[] rowSquares, int reachY, ushort saturated, int z)
    {
        int nx = _size.X;
        int ny = _size.Y;
        int sliceStart = z * ny * nx;
        for (int y = 0; y < ny; y++)
        {
            if (rowReach[(z * ny) + y] != 0)
            {
                SquareRow(distance.AsSpan(sliceStart + (y * nx), nx), rowSquares.AsSpan(y * nx, nx), saturated);
            }
        }

        ref ushort squares = ref MemoryMarshal.GetArrayDataReference(rowSquares);
        ref ushort output = ref MemoryMarshal.GetArrayDataReference(_squared);
        int width = Vector<ushort>.Count;
        Span<int> rows = stackalloc int[(2 * reachY) + 1];
        Span<ushort> offsets = stackalloc ushort[(2 * reachY) + 1];
        for (int y = 0; y < ny; y++)
        {
            int count = 0;
            ulong reached = 0;
            for (int dy = -reachY; dy <= reachY; dy++)
            {
                int yy = y + dy;
                if ((uint)yy < (uint)ny && rowReach[(z * ny) + yy] != 0)
                {
                    rows[count] = yy * nx;
                    offsets[count] = (ushort)(dy * dy);
                    count++;
                    reached |= rowReach[(z * ny) + yy];
                }
            }

            _planeReach[(z * ny) + y] = reached;
            if (reached == 0)
            {
                continue;
            }

            int start = sliceStart + (y * nx);
            if (!Vector.IsHardwareAccelerated || nx < width)
            {
                for (int x = 0; x < nx; x++)
                {
                    int least = saturated;
                    for (int k = 0; k < count; k++)
                    {
                        least = Math.Min(least, rowSquares[rows[k] + x] + offsets[k]);
                    }

                    _squared[start + x] = (ushort)least;
                }

                continue;
            }

            for (int x = 0; ; x += width)
            {
                x = Math.Min(x, nx - width);
                var least = new Vector<ushort>(saturated);
                if ((reached & RowDistances.Tiles(x, x + width - 1)) != 0)
                {
                    for (int k = 0; k < count; k++)
                    {
                        least = Vector.Min(least, Vector.LoadUnsafe(ref squares, (nuint)(rows[k] + x)) + new Vector<ushort>(offsets[k]));
                    }
                }

                least.StoreUnsafe(ref output, (nuint)(start + x));
                if (x == nx - width)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Squares of a row's distances, saturated at <paramref name="saturated"/>.</summary>
    private static void SquareRow(ReadOnlySpan<byte> distance, Span<ushort> squares, ushort saturated)
    {
        int x = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var ceiling = new Vector<ushort>(saturated);
            for (; x <= distance.Length - Vector<byte>.Count; x += Vector<byte>.Count)
            {
                Vector.Widen(new Vector<byte>(distance[x..]), out var low, out var high);
                Vector.Min(low * low, ceiling).CopyTo(squares[x..]);
                Vector.Min(high * high, ceiling).CopyTo(squares[(x + Vector<ushort>.Count)..]);
            }
        }

        for (; x < distance.Length; x++)
        {
            squares[x] = (ushort)Math.Min(distance[x] * distance[x], saturated);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRow(byte[] source, byte[] target, BallSlabs slabs, LimitedStarts<ushort> list, int y, int z, bool erosion)
    {
        int nx = _size.X;
        int start = ((z * _size.Y) + y) * nx;
        if (erosion && source.AsSpan(start, nx).IndexOfAnyExcept((byte)0) < 0)
        {
            target.AsSpan(start, nx).Clear();
            return;
        }

        list.Clear();
        ulong reached = 0;
        for (int dz = -slabs.ReachZ; dz <= slabs.ReachZ; dz++)
        {
            int zz = z + dz;
            int row = (zz * _size.Y) + y;
            if ((uint)zz < (uint)_size.Z && _planeReach[row] != 0)
            {
                list.Add(row * nx, (ushort)slabs.PlaneLimit(dz));
                reached |= _planeReach[row];
            }
        }

        if (Vector.IsHardwareAccelerated && nx >= Vector<byte>.Count)
        {
            WriteRowVectors(source, target, list, reached, start, erosion);
            return;
        }

        for (int x = 0; x < nx; x++)
        {
            bool hit = false;
            for (int k = 0; k < list.Count && !hit; k++)
            {
                hit = _squared[list.StartOf(k) + x] <= list.LimitOf(k)[0];
            }

            bool inside = !erosion || source[start + x] != 0;
            target[start + x] = (byte)(inside && (hit != erosion) ? 1 : 0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRowVectors(byte[] source, byte[] target, LimitedStarts<ushort> list, ulong reached, int start, bool erosion)
    {
        ref ushort squared = ref MemoryMarshal.GetArrayDataReference(_squared);
        ref byte input = ref MemoryMarshal.GetArrayDataReference(source);
        ref byte output = ref MemoryMarshal.GetArrayDataReference(target);
        int nx = _size.X;
        int width = Vector<byte>.Count;
        int half = Vector<ushort>.Count;
        for (int x = 0; ; x += width)
        {
            // The last vector may overlap the one before; writing the same values twice is harmless, even in place.
            x = Math.Min(x, nx - width);
            nuint at = (nuint)(start + x);
            var inside = erosion ? ~Vector.Equals(Vector.LoadUnsafe(ref input, at), Vector<byte>.Zero) : Vector<byte>.AllBitsSet;
            var hit = Vector<byte>.Zero;
            if (inside != Vector<byte>.Zero && (reached & RowDistances.Tiles(x, x + width - 1)) != 0)
            {
                for (int k = 0; k < list.Count; k++)
                {
                    nuint from = (nuint)(list.StartOf(k) + x);
                    var limit = list.LimitOf(k);
                    var low = Vector.LessThanOrEqual(Vector.LoadUnsafe(ref squared, from), limit);
                    var high = Vector.LessThanOrEqual(Vector.LoadUnsafe(ref squared, from + (nuint)half), limit);
                    hit |= Vector.Narrow(low, high);
                }
            }

            var result = (erosion ? Vector.AndNot(inside, hit) : hit) & Vector<byte>.One;
            result.StoreUnsafe(ref output, at);
            if (x == nx - width)
            {
                break;
            }
        }
    }
}
