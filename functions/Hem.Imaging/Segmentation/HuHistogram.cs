using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>Medians of HU inside a mask, per axial slice or over any set of voxels, by histogram (HU are whole numbers).</summary>
internal sealed class HuHistogram
{
    private const int Lowest = -1024;
    private const int Highest = 3071;
    private readonly int[] _counts = new int[Highest - Lowest + 1];
    private long _total;

    public void Add(short hu)
    {
        _counts[Math.Clamp((int)hu, Lowest, Highest) - Lowest]++;
        _total++;
    }

    public long Count => _total;

    /// <summary>The lower median (HU clamped to -1024..3071), or null when empty.</summary>
    public int? Median()
    {
        if (_total == 0)
        {
            return null;
        }

        long rank = (_total - 1) / 2;
        long seen = 0;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen > rank)
            {
                return i + Lowest;
            }
        }

        throw new InvalidOperationException("the histogram's counts do not add up");
    }

    /// <summary>The median HU of each slice's masked voxels (null for a slice without any).</summary>
    public static int?[] PerSlice(Volume<short> hu, Volume<byte> mask)
    {
        var size = hu.Size;
        int plane = checked((int)size.VoxelsPerSlice);
        var medians = new int?[size.Z];
        Parallel.For(0, size.Z, z =>
        {
            var histogram = new HuHistogram();
            var values = hu.Voxels.AsSpan(z * plane, plane);
            var inside = mask.Voxels.AsSpan(z * plane, plane);
            for (int i = 0; i < plane; i++)
            {
                if (inside[i] != 0)
                {
                    histogram.Add(values[i]);
                }
            }

            medians[z] = histogram.Median();
        });
        return medians;
    }
}
