using System.Globalization;
using Hem.Dicom.Pixels;

namespace Hem.Dicom.Series;

/// <summary>
/// Turns a series into a <see cref="CtVolume"/>: checks and sorts the slices (<see cref="SortedSlices"/>), measures
/// gantry tilt (<see cref="GantryTilt"/>) and slice spacing (<see cref="SliceSpacing"/>), then decodes each slice
/// once, in order along the normal, straight into the voxel array. Regular untilted series are copied; tilted or
/// unevenly spaced ones go through two float planes (a slice and the next, shifted onto the grid) and are
/// interpolated between them. Peak memory is the voxel array plus a few slices.
/// </summary>
public sealed class VolumeBuilder
{
    /// <summary>Interpolation weights this close to 0 or 1 mean the plane sits on a slice.</summary>
    private const double OnSlice = 1e-6;

    /// <summary>Below this many slices per core, splitting the work costs more than it saves.</summary>
    private const int MinSlicesPerRun = 4;

    private readonly PixelDecoder _decoder;
    private readonly VolumeBuildOptions _options;

    public VolumeBuilder(PixelDecoder? decoder = null, VolumeBuildOptions? options = null)
    {
        _decoder = decoder ?? PixelDecoder.CreateDefault();
        _options = options ?? VolumeBuildOptions.Default;
    }

    /// <summary>
    /// Runs every check <see cref="BuildAsync"/> runs on the headers, without reading pixels; a refusal is the same
    /// <see cref="SeriesAssemblyException"/> with the same message.
    /// </summary>
    public VolumePlan Plan(DicomSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        CheckModality(series);
        var stack = SortedSlices.Arrange(series.Slices, _options);
        var tilt = GantryTilt.Measure(stack, _options);
        var spacing = SliceSpacing.Plan(stack, _options);
        var grid = InPlaneGrid.Create(stack, tilt);
        var size = new GridSize(grid.Width, grid.Height, spacing.Count);
        if (size.VoxelCount > Math.Min(_options.MaxVoxels, Array.MaxLength))
        {
            throw new SeriesAssemblyException($"the volume would be {size} = {size.VoxelCount} voxels, more than the {_options.MaxVoxels}-voxel limit", SeriesAssemblyProblem.TooLarge);
        }

        return new VolumePlan(stack, tilt, spacing, grid, size);
    }

    public async Task<CtVolume> BuildAsync(DicomSeries series, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var (stack, tilt, spacing, grid, size) = Plan(series);
        var first = stack.GeometryOf(0);
        var origin = first.Position + ((grid.FirstX * stack.SpacingX) * stack.Row) + ((grid.FirstY * stack.SpacingY) * stack.Column);
        var geometry = new VolumeGeometry(size, new Vector3D(stack.SpacingX, stack.SpacingY, spacing.Step), origin, stack.Row, stack.Column, stack.Normal);

        var voxels = new short[size.VoxelCount];
        if (grid.IsIdentity && !spacing.IsResampled)
        {
            await CopyAsync(stack, voxels, cancellationToken);
        }
        else
        {
            using var frames = new SliceFrames(_decoder, stack.Rows, stack.Columns);
            await ResampleAsync(stack, spacing, grid, frames, voxels, cancellationToken);
        }

        return new CtVolume(geometry, voxels, Describe(stack, tilt, spacing, grid), series.SeriesInstanceUid);
    }

    private void CheckModality(DicomSeries series)
    {
        if (!_options.RequireCt)
        {
            return;
        }

        for (int i = 0; i < series.Slices.Count; i++)
        {
            string? modality = series.Slices[i].Modality;
            if (!string.Equals(modality, "CT", StringComparison.Ordinal))
            {
                throw new SeriesAssemblyException(
                    $"slice {i + 1} of {series.Slices.Count} has Modality {(string.IsNullOrEmpty(modality) ? "(none)" : modality)}; only CT slices become a Hounsfield-unit volume");
            }
        }
    }

    /// <summary>
    /// Decodes each slice straight into its plane. Slices from separate files are split into contiguous runs, one
    /// per core, each with its own decode buffer; frames of one multi-frame object are read in one run so the object
    /// is read once.
    /// </summary>
    private async Task CopyAsync(SortedSlices stack, short[] voxels, CancellationToken cancellationToken)
    {
        bool oneObjectPerSlice = stack.Slices.Select(s => s.Source).Distinct().Count() == stack.Count;
        int runs = oneObjectPerSlice ? Math.Clamp(Environment.ProcessorCount, 1, Math.Max(1, stack.Count / MinSlicesPerRun)) : 1;
        int perRun = (stack.Count + runs - 1) / runs;
        await Task.WhenAll(Enumerable.Range(0, runs).Select(run => Task.Run(
            () => CopyRunAsync(stack, run * perRun, Math.Min(stack.Count, (run + 1) * perRun), voxels, cancellationToken),
            cancellationToken)));
    }

    private async Task CopyRunAsync(SortedSlices stack, int first, int end, short[] voxels, CancellationToken cancellationToken)
    {
        int plane = stack.Rows * stack.Columns;
        int[] stored = new int[plane];
        using var frames = new SliceFrames(_decoder, stack.Rows, stack.Columns);
        for (int k = first; k < end; k++)
        {
            var slice = stack.Slices[k];
            await frames.DecodeAsync(slice, stored, cancellationToken);
            slice.Scale.Convert(stored, voxels.AsSpan(k * plane, plane));
        }
    }

    private static async Task ResampleAsync(SortedSlices stack, SliceSpacing spacing, InPlaneGrid grid, SliceFrames frames, short[] voxels, CancellationToken cancellationToken)
    {
        int plane = grid.Width * grid.Height;
        int[] stored = new int[stack.Rows * stack.Columns];
        float[] hu = new float[stored.Length];
        float[] near = new float[plane], far = new float[plane];
        int nearIndex = -1, farIndex = -1, below = 0;

        async Task LoadAsync(int k, float[] target)
        {
            var slice = stack.Slices[k];
            await frames.DecodeAsync(slice, stored, cancellationToken);
            slice.Scale.Convert(stored, hu);
            PlaneResampler.Shift(hu, stack.Columns, stack.Rows, target, grid.Width, grid.Height, grid.ShiftX[k], grid.ShiftY[k]);
        }

        for (int z = 0; z < spacing.Count; z++)
        {
            double weight = 0;
            if (spacing.IsResampled)
            {
                (below, weight) = Locate(stack.Distances, z * spacing.Step, below);
            }
            else
            {
                below = z;
            }

            if (nearIndex != below)
            {
                if (farIndex == below)
                {
                    (near, far) = (far, near);
                    (nearIndex, farIndex) = (farIndex, nearIndex);
                }
                else
                {
                    await LoadAsync(below, near);
                    nearIndex = below;
                }
            }

            if (weight > 0 && farIndex != below + 1)
            {
                await LoadAsync(below + 1, far);
                farIndex = below + 1;
            }

            PlaneResampler.Blend(near, far, weight, voxels.AsSpan(z * plane, plane));
        }
    }

    /// <summary>The slice at or below <paramref name="distance"/> and the weight of the one above; moves forward only.</summary>
    private static (int Below, double Weight) Locate(IReadOnlyList<double> distances, double distance, int start)
    {
        int below = start;
        while (below + 2 < distances.Count && distances[below + 1] <= distance)
        {
            below++;
        }

        double weight = Math.Clamp((distance - distances[below]) / (distances[below + 1] - distances[below]), 0, 1);
        if (weight < OnSlice)
        {
            return (below, 0);
        }

        return weight > 1 - OnSlice ? (below + 1, 0) : (below, weight);
    }

    private static List<GeometryCorrection> Describe(SortedSlices stack, GantryTilt tilt, SliceSpacing spacing, InPlaneGrid grid)
    {
        var corrections = new List<GeometryCorrection>();
        if (tilt.IsPresent)
        {
            double largest = Enumerable.Range(0, stack.Count).Max(k => Math.Sqrt((tilt.OffsetsX[k] * tilt.OffsetsX[k]) + (tilt.OffsetsY[k] * tilt.OffsetsY[k])));
            string header = tilt.HeaderDegrees is { } h ? string.Create(CultureInfo.InvariantCulture, $"; GantryDetectorTilt says {h:0.##}") : "";
            corrections.Add(new GeometryCorrection(GeometryCorrectionKind.GantryTilt, string.Create(CultureInfo.InvariantCulture,
                $"gantry tilt of {tilt.AngleDegrees:0.00} degrees (measured from slice positions{header}) corrected by shifting each slice in-plane onto an orthogonal grid (bilinear, shifts up to {largest:0.0} pixels); the grid grew from {stack.Columns} x {stack.Rows} to {grid.Width} x {grid.Height} to keep every acquired pixel")));
        }

        if (tilt.HeaderDisagrees)
        {
            corrections.Add(new GeometryCorrection(GeometryCorrectionKind.Note, string.Create(CultureInfo.InvariantCulture,
                $"GantryDetectorTilt (0018,1120) says {tilt.HeaderDegrees:0.##} degrees but the slice positions show {tilt.AngleDegrees:0.##}; the positions were used")));
        }

        if (spacing.IsResampled)
        {
            corrections.Add(new GeometryCorrection(GeometryCorrectionKind.UnevenSpacing, string.Create(CultureInfo.InvariantCulture,
                $"resampled {stack.Count} unevenly spaced slices (steps {spacing.SmallestStep:0.00} to {spacing.LargestStep:0.00} mm along the normal) to {spacing.Count} at {spacing.Step:0.00} mm by linear interpolation")));
        }

        return corrections;
    }
}
