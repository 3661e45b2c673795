using Hem.Imaging.Volumes;

namespace Hem.Imaging.Rendering;

/// <summary>The slices worth showing: the slice where a lesion is largest and its neighbours.</summary>
/// <param name="Peak">The slice with the largest area (or the fallback's, or the middle slice).</param>
/// <param name="Slices">The peak and up to <c>neighbours</c> slices on each side, in ascending order, inside the volume.</param>
public sealed record KeySlices(int Peak, IReadOnlyList<int> Slices);

/// <summary>Chooses key slices from a mask's area per slice.</summary>
public static class KeySliceChooser
{
    /// <summary>
    /// The slice with the most <paramref name="lesion"/> voxels (the first of equals) and <paramref name="neighbours"/>
    /// slices either side. An empty lesion falls back to the largest slice of <paramref name="fallback"/> (a brain
    /// mask, say), and without one to the middle slice, so a negative study still gets a key image.
    /// </summary>
    public static KeySlices Choose(Volume<byte> lesion, int neighbours = 2, Volume<byte>? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(lesion);
        ArgumentOutOfRangeException.ThrowIfNegative(neighbours);
        int depth = lesion.Size.Z;
        int peak = LargestSlice(lesion) ?? (fallback is null ? null : LargestSlice(fallback)) ?? (depth / 2);
        int first = Math.Max(0, peak - neighbours);
        int last = Math.Min(depth - 1, peak + neighbours);
        return new KeySlices(peak, [.. Enumerable.Range(first, last - first + 1)]);
    }

    /// <summary>Mask voxels per axial slice.</summary>
    public static long[] AreaPerSlice(Volume<byte> mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var size = mask.Size;
        int plane = checked((int)size.VoxelsPerSlice);
        var areas = new long[size.Z];
        for (int z = 0; z < size.Z; z++)
        {
            foreach (byte value in mask.Voxels.AsSpan(z * plane, plane))
            {
                if (value != 0)
                {
                    areas[z]++;
                }
            }
        }

        return areas;
    }

    private static int? LargestSlice(Volume<byte> mask)
    {
        var areas = AreaPerSlice(mask);
        int best = 0;
        for (int z = 1; z < areas.Length; z++)
        {
            if (areas[z] > areas[best])
            {
                best = z;
            }
        }

        return areas[best] > 0 ? best : null;
    }
}
