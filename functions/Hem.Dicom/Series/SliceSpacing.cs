using System.Globalization;

namespace Hem.Dicom.Series;

/// <summary>
/// Decides the volume's slice positions along the normal. Evenly spaced slices are used as they are, at their
/// mean step. Unevenly spaced ones (a scanner switching from 4 mm to 7 mm steps part way, say) are resampled by
/// linear interpolation onto a regular grid from the first slice to the last, with about the median step
/// (adjusted so the last slice falls on the grid). A gap much larger than the median means missing slices,
/// which interpolation would paper over: that is refused.
/// </summary>
public sealed class SliceSpacing
{
    private const double MinAbsoluteTolerance = 0.02;

    private SliceSpacing(double step, int count, bool resampled, double smallestStep, double largestStep)
    {
        Step = step;
        Count = count;
        IsResampled = resampled;
        SmallestStep = smallestStep;
        LargestStep = largestStep;
    }

    /// <summary>The volume's spacing along the normal, mm.</summary>
    public double Step { get; }

    /// <summary>The volume's number of slices.</summary>
    public int Count { get; }

    public bool IsResampled { get; }

    public double SmallestStep { get; }

    public double LargestStep { get; }

    public static SliceSpacing Plan(SortedSlices stack, VolumeBuildOptions options)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(options);
        var distances = stack.Distances;
        int n = distances.Count;
        double[] steps = new double[n - 1];
        for (int k = 0; k + 1 < n; k++)
        {
            steps[k] = distances[k + 1] - distances[k];
        }

        double span = distances[n - 1];
        double mean = span / (n - 1);
        double median = Median(steps);
        double smallest = steps.Min(), largest = steps.Max();
        int widest = Array.IndexOf(steps, largest);
        if (largest > options.MaxGapRatio * median)
        {
            throw new SeriesAssemblyException(string.Create(CultureInfo.InvariantCulture,
                $"a gap of {largest:0.00} mm between slices {widest + 1} and {widest + 2} of {n} along the normal is more than {options.MaxGapRatio} times the median spacing of {median:0.00} mm: slices are missing"));
        }

        double tolerance = Math.Max(options.UnevenSpacingTolerance * mean, MinAbsoluteTolerance);
        if (steps.All(s => Math.Abs(s - mean) <= tolerance))
        {
            return new SliceSpacing(mean, n, resampled: false, smallest, largest);
        }

        long count = (long)Math.Round(span / median, MidpointRounding.AwayFromZero) + 1;
        if (count > options.MaxVoxels)
        {
            throw new SeriesAssemblyException($"resampling would make {count} slices, more than the voxel limit allows", SeriesAssemblyProblem.TooLarge);
        }

        return new SliceSpacing(span / (count - 1), (int)count, resampled: true, smallest, largest);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
