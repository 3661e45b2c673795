using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hem.Dicom.Series;

namespace Hem.Imaging.Morphology;

/// <summary>
/// The hit test of <see cref="BlockMorphology"/> row by row of the ball: a voxel is hit when, for one row of the
/// ball, the nearest feature along x in that row is at most the row's half-width away. A ball of a few hundred
/// rows costs a few hundred byte comparisons per vector of voxels; vectors are skipped where no row of the ball
/// holds a feature within reach, and left as soon as every voxel in them is hit.
/// </summary>
internal sealed class BallRowTest(GridSize size, BallRows ball)
{
    /// <summary>Writes the dilation (or erosion) from the row distances and row reach of the source's features.</summary>
    public void Write(byte[] source, byte[] target, byte[] distance, ulong[] rowReach, bool erosion)
    {
        Parallel.For(
            0,
            size.Z,
            () => new LimitedStarts<byte>(ball.Count),
            (z, _, list) =>
            {
                for (int y = 0; y < size.Y; y++)
                {
                    WriteRow(source, target, distance, rowReach, list, y, z, erosion);
                }

                return list;
            },
            _ => { });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRow(byte[] source, byte[] target, byte[] distance, ulong[] rowReach, LimitedStarts<byte> list, int y, int z, bool erosion)
    {
        int nx = size.X;
        int start = ((z * size.Y) + y) * nx;
        if (erosion && source.AsSpan(start, nx).IndexOfAnyExcept((byte)0) < 0)
        {
            target.AsSpan(start, nx).Clear();
            return;
        }

        list.Clear();
        ulong reached = 0;
        for (int k = 0; k < ball.Count; k++)
        {
            int yy = y + ball.DyOf(k);
            int zz = z + ball.DzOf(k);
            if ((uint)yy >= (uint)size.Y || (uint)zz >= (uint)size.Z)
            {
                continue;
            }

            int row = (zz * size.Y) + yy;
            if (rowReach[row] != 0)
            {
                list.Add(row * nx, (byte)ball.HalfWidthOf(k));
                reached |= rowReach[row];
            }
        }

        if (Vector.IsHardwareAccelerated && nx >= Vector<byte>.Count)
        {
            WriteRowVectors(source, target, distance, list, reached, start, erosion);
        }
        else
        {
            WriteRowScalar(source, target, distance, list, start, erosion);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteRowVectors(byte[] source, byte[] target, byte[] distances, LimitedStarts<byte> list, ulong reached, int start, bool erosion)
    {
        ref byte distance = ref MemoryMarshal.GetArrayDataReference(distances);
        ref byte input = ref MemoryMarshal.GetArrayDataReference(source);
        ref byte output = ref MemoryMarshal.GetArrayDataReference(target);
        int nx = size.X;
        int width = Vector<byte>.Count;
        for (int x = 0; ; x += width)
        {
            // The last vector may overlap the one before; writing the same values twice is harmless, even in place.
            x = Math.Min(x, nx - width);
            nuint at = (nuint)(start + x);
            var inside = erosion ? ~Vector.Equals(Vector.LoadUnsafe(ref input, at), Vector<byte>.Zero) : Vector<byte>.AllBitsSet;
            var hit = Vector<byte>.Zero;

            // Tiles no feature reaches are left unhit without looking at a single row of the ball.
            if (inside != Vector<byte>.Zero && (reached & RowDistances.Tiles(x, x + width - 1)) != 0)
            {
                for (int k = 0; k < list.Count; k++)
                {
                    hit |= Vector.LessThanOrEqual(Vector.LoadUnsafe(ref distance, (nuint)(list.StartOf(k) + x)), list.LimitOf(k));

                    // Once every voxel that can change is hit, the remaining rows cannot change the result.
                    if ((k & 7) == 7 && Vector.AndNot(inside, hit) == Vector<byte>.Zero)
                    {
                        break;
                    }
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

    private void WriteRowScalar(byte[] source, byte[] target, byte[] distance, LimitedStarts<byte> list, int start, bool erosion)
    {
        for (int x = 0; x < size.X; x++)
        {
            bool hit = false;
            for (int k = 0; k < list.Count && !hit; k++)
            {
                hit = distance[list.StartOf(k) + x] <= list.LimitOf(k)[0];
            }

            bool inside = !erosion || source[start + x] != 0;
            target[start + x] = (byte)(inside && (hit != erosion) ? 1 : 0);
        }
    }
}
