using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// A 3 x 3 median in each axial slice. CT slices are thick compared with their pixels (5 mm against 0.5 mm), so a
/// median across slices would mix anatomy; within the slice it removes quantum noise and isolated hot pixels while
/// keeping edges where they are. The slice's border pixels use the nearest pixels inside the slice.
/// </summary>
public static class InPlaneMedian
{
    public static Volume<short> Apply(Volume<short> ct)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var size = ct.Size;
        int nx = size.X;
        int ny = size.Y;
        int plane = checked((int)size.VoxelsPerSlice);
        var source = ct.Voxels;
        var result = new short[source.Length];
        Parallel.For(0, size.Z, z =>
        {
            Span<short> window = stackalloc short[9];
            int sliceStart = z * plane;
            for (int y = 0; y < ny; y++)
            {
                int y0 = Math.Max(0, y - 1);
                int y2 = Math.Min(ny - 1, y + 1);
                for (int x = 0; x < nx; x++)
                {
                    int x0 = Math.Max(0, x - 1);
                    int x2 = Math.Min(nx - 1, x + 1);
                    int n = 0;
                    foreach (int yy in (ReadOnlySpan<int>)[y0, y, y2])
                    {
                        int row = sliceStart + (yy * nx);
                        window[n++] = source[row + x0];
                        window[n++] = source[row + x];
                        window[n++] = source[row + x2];
                    }

                    result[sliceStart + (y * nx) + x] = MedianOfNine(window);
                }
            }
        });

        return ct.SameGrid(result);
    }

    // Insertion sort of nine values: cheaper than a general sort at this size and allocation-free.
    private static short MedianOfNine(Span<short> values)
    {
        for (int i = 1; i < values.Length; i++)
        {
            short value = values[i];
            int j = i - 1;
            while (j >= 0 && values[j] > value)
            {
                values[j + 1] = values[j];
                j--;
            }

            values[j + 1] = value;
        }

        return values[4];
    }
}
