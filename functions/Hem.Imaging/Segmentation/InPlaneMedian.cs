using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// A 3 x 3 median in each axial slice. CT slices are thick compared with their pixels (5 mm against 0.5 mm), so a
/// median across slices would mix anatomy; within the slice it removes quantum noise and isolated hot pixels while
/// keeping edges where they are. The slice's border pixels use the nearest pixels inside the slice.
/// </summary>
/// <remarks>
/// Each column of three pixels is sorted once and shared by the three windows that hold it; the median of a
/// window is then the median of the largest low, the median middle and the smallest high of its three sorted
/// columns. Both steps are minima and maxima, computed on whole vectors of a row.
/// </remarks>
public static class InPlaneMedian
{
    public static Volume<short> Apply(Volume<short> ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var result = GC.AllocateUninitializedArray<short>(ct.Voxels.Length);
        Apply(ct, VoxelBox.Whole(ct.Size), result);
        return ct.SameGrid(result);
    }

    /// <summary>
    /// The median of the voxels of a box of the CT, written box row by box row into <paramref name="destination"/>:
    /// the same values as <see cref="Apply(Volume{short})"/> there, since windows reach past the box into the CT.
    /// </summary>
    internal static void Apply(Volume<short> ct, VoxelBox box, short[] destination)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.LongLength < box.Size.VoxelCount)
        {
            throw new ArgumentException($"{destination.LongLength} values do not hold the box {box}", nameof(destination));
        }

        int plane = checked((int)box.Size.VoxelsPerSlice);
        Parallel.For(
            box.Z0,
            box.Z1,
            () => ColumnsFor(ct, box),
            (z, _, columns) =>
            {
                ApplyToSlice(ct, box, z, destination.AsSpan((z - box.Z0) * plane, plane), columns);
                return columns;
            },
            _ => { });
    }

    /// <summary>
    /// The median of the voxels of slice <paramref name="z"/> of a box, box row by box row, with the column buffers of
    /// the calling thread (<see cref="ColumnsFor"/>), for callers that consume a slice at a time.
    /// </summary>
    internal static void ApplyToSlice(Volume<short> ct, VoxelBox box, int z, Span<short> destination, SortedColumns columns)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(columns);
        var size = ct.Size;
        int firstColumn = Math.Max(0, box.X0 - 1);
        int columnCount = Math.Min(size.X, box.X1 + 1) - firstColumn;
        if (!box.FitsIn(size) || z < box.Z0 || z >= box.Z1 || destination.Length < box.Size.VoxelsPerSlice || columns.Count < columnCount)
        {
            throw new ArgumentException($"slice {z} of the box {box} does not fit the {size} CT, the destination or the buffers");
        }

        for (int y = box.Y0; y < box.Y1; y++)
        {
            columns.Sort(ct, firstColumn, columnCount, y, z);
            columns.WriteMedians(destination.Slice((y - box.Y0) * box.Size.X, box.Size.X), box.X0, firstColumn, size.X);
        }
    }

    /// <summary>Column buffers wide enough for the rows of a box.</summary>
    internal static SortedColumns ColumnsFor(Volume<short> ct, VoxelBox box)
    {
        ArgumentNullException.ThrowIfNull(ct);
        return new SortedColumns(Math.Min(ct.Size.X, box.X1 + 1) - Math.Max(0, box.X0 - 1));
    }

    /// <summary>One row's columns of three pixels (the row and its neighbours above and below), each sorted.</summary>
    internal sealed class SortedColumns
    {
        private readonly short[] _low;
        private readonly short[] _middle;
        private readonly short[] _high;

        public SortedColumns(int count)
        {
            _low = new short[count];
            _middle = new short[count];
            _high = new short[count];
        }

        public int Count => _low.Length;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Sort(Volume<short> ct, int firstColumn, int count, int y, int z)
        {
            var size = ct.Size;
            long slice = z * size.VoxelsPerSlice;
            var above = ct.Voxels.AsSpan((int)(slice + ((long)Math.Max(0, y - 1) * size.X) + firstColumn), count);
            var row = ct.Voxels.AsSpan((int)(slice + ((long)y * size.X) + firstColumn), count);
            var below = ct.Voxels.AsSpan((int)(slice + ((long)Math.Min(size.Y - 1, y + 1) * size.X) + firstColumn), count);
            int x = 0;
            if (Vector.IsHardwareAccelerated)
            {
                for (; x <= count - Vector<short>.Count; x += Vector<short>.Count)
                {
                    var a = new Vector<short>(above[x..]);
                    var b = new Vector<short>(row[x..]);
                    var c = new Vector<short>(below[x..]);
                    var smaller = Vector.Min(a, b);
                    var larger = Vector.Max(a, b);
                    Vector.Min(smaller, c).CopyTo(_low.AsSpan(x));
                    Vector.Max(smaller, Vector.Min(larger, c)).CopyTo(_middle.AsSpan(x));
                    Vector.Max(larger, c).CopyTo(_high.AsSpan(x));
                }
            }

            for (; x < count; x++)
            {
                short smaller = Math.Min(above[x], row[x]);
                short larger = Math.Max(above[x], row[x]);
                _low[x] = Math.Min(smaller, below[x]);
                _middle[x] = Math.Max(smaller, Math.Min(larger, below[x]));
                _high[x] = Math.Max(larger, below[x]);
            }
        }

        /// <summary>The medians of pixels <paramref name="x0"/>.. of a row <paramref name="width"/> pixels wide.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void WriteMedians(Span<short> output, int x0, int firstColumn, int width)
        {
            // Columns are indexed from the first one sorted; the windows of the row's end pixels repeat their own column.
            int x = x0;
            int end = x0 + output.Length;
            if (x == 0)
            {
                output[0] = MedianAt(0 - firstColumn, 0 - firstColumn, Math.Min(1, width - 1) - firstColumn);
                x++;
            }

            int inner = Math.Min(end, width - 1);
            if (Vector.IsHardwareAccelerated)
            {
                ref short low = ref MemoryMarshal.GetArrayDataReference(_low);
                ref short middle = ref MemoryMarshal.GetArrayDataReference(_middle);
                ref short high = ref MemoryMarshal.GetArrayDataReference(_high);
                for (; x <= inner - Vector<short>.Count; x += Vector<short>.Count)
                {
                    nuint left = (nuint)(x - 1 - firstColumn);
                    var lows = Vector.Max(Vector.Max(Vector.LoadUnsafe(ref low, left), Vector.LoadUnsafe(ref low, left + 1)), Vector.LoadUnsafe(ref low, left + 2));
                    var highs = Vector.Min(Vector.Min(Vector.LoadUnsafe(ref high, left), Vector.LoadUnsafe(ref high, left + 1)), Vector.LoadUnsafe(ref high, left + 2));
                    var middles = MedianOfThree(Vector.LoadUnsafe(ref middle, left), Vector.LoadUnsafe(ref middle, left + 1), Vector.LoadUnsafe(ref middle, left + 2));
                    MedianOfThree(lows, middles, highs).CopyTo(output[(x - x0)..]);
                }
            }

            for (; x < end; x++)
            {
                output[x - x0] = MedianAt(x - 1 - firstColumn, x - firstColumn, Math.Min(x + 1, width - 1) - firstColumn);
            }
        }

        private short MedianAt(int left, int centre, int right)
        {
            short lows = Math.Max(Math.Max(_low[left], _low[centre]), _low[right]);
            short highs = Math.Min(Math.Min(_high[left], _high[centre]), _high[right]);
            short middles = MedianOfThree(_middle[left], _middle[centre], _middle[right]);
            return MedianOfThree(lows, middles, highs);
        }

        private static short MedianOfThree(short a, short b, short c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

        private static Vector<short> MedianOfThree(Vector<short> a, Vector<short> b, Vector<short> c) =>
            Vector.Max(Vector.Min(a, b), Vector.Min(Vector.Max(a, b), c));
    }
}
