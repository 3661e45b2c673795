namespace Hem.Prediction.Windows;

/// <summary>Where windows start along one axis of the model grid.</summary>
public static class WindowPositions
{
    /// <summary>
    /// The stride between windows: round(patch x (1 - overlap)), halves rounded away from zero, at least 1.
    /// </summary>
    public static int Stride(int patch, double overlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(patch, 1);
        return Math.Max(1, (int)Math.Round(patch * (1 - overlap), MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// Window starts along an axis of <paramref name="length"/> voxels (at least one patch): 0, stride, 2 x stride...
    /// while the window ends before the axis does, then one window flush with the end (length - patch).
    /// </summary>
    public static IReadOnlyList<int> Along(int length, int patch, double overlap)
    {
        if (length < patch)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"an axis of {length} voxels is shorter than the {patch}-voxel patch");
        }

        int stride = Stride(patch, overlap);
        int last = length - patch;
        var starts = new List<int>();
        for (int start = 0; start < last; start += stride)
        {
            starts.Add(start);
        }

        starts.Add(last);
        return starts;
    }
}
