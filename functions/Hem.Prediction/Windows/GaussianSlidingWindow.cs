using Hem.Dicom.Series;
using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;

namespace Hem.Prediction.Windows;

/// <summary>
/// Predicts a whole model grid with a patch model: windows at <see cref="WindowPositions"/> on every axis, run in
/// batches of <see cref="BatchSize"/>, each output weighted by <see cref="GaussianWeights"/>; the result is
/// sum(weight x output) / sum(weight) per voxel. Holds no state between calls, so one instance serves any number
/// of concurrent studies.
/// </summary>
public sealed class GaussianSlidingWindow
{
    public const int DefaultBatchSize = 4;

    public GaussianSlidingWindow(SlidingWindowSettings settings, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Settings = settings;
        BatchSize = batchSize;
    }

    public SlidingWindowSettings Settings { get; }

    /// <summary>Windows per call of the predictor.</summary>
    public int BatchSize { get; }

    /// <summary>The first voxel of every window over a grid, z slowest and x fastest.</summary>
    public IReadOnlyList<WindowStart> Windows(GridSize grid, GridSize patch)
    {
        var xs = WindowPositions.Along(grid.X, patch.X, Settings.Overlap);
        var ys = WindowPositions.Along(grid.Y, patch.Y, Settings.Overlap);
        var zs = WindowPositions.Along(grid.Z, patch.Z, Settings.Overlap);
        return [.. from z in zs from y in ys from x in xs select new WindowStart(x, y, z)];
    }

    /// <summary>
    /// The model's output over the channels' grid (at least one patch on every axis), on that grid. The channels
    /// are in the model's input order and share one grid.
    /// </summary>
    public async Task<Volume<float>> PredictAsync(IPatchPredictor predictor, IReadOnlyList<Volume<float>> channels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count != predictor.InputChannels)
        {
            throw new ArgumentException($"the model takes {predictor.InputChannels} channels, not {channels.Count}", nameof(channels));
        }

        foreach (var channel in channels.Skip(1))
        {
            if (!MaskGrids.AreSame(channels[0].Geometry, channel.Geometry))
            {
                throw new ArgumentException("the channels are not on one grid", nameof(channels));
            }
        }

        var grid = channels[0].Size;
        var patch = predictor.PatchSize;
        var windows = Windows(grid, patch);
        var weights = GaussianWeights.Create(patch, Settings.SigmaFraction);
        int patchVoxels = (int)patch.VoxelCount;
        int channelCount = channels.Count;
        var input = new float[BatchSize * channelCount * patchVoxels];
        var output = new float[BatchSize * patchVoxels];
        var weighted = new float[grid.VoxelCount];
        var weightSum = new float[grid.VoxelCount];
        for (int first = 0; first < windows.Count; first += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(BatchSize, windows.Count - first);
            for (int b = 0; b < count; b++)
            {
                for (int c = 0; c < channelCount; c++)
                {
                    PatchCopy.Read(channels[c].Voxels, grid, windows[first + b], patch, input.AsSpan(((b * channelCount) + c) * patchVoxels, patchVoxels));
                }
            }

            await predictor.PredictAsync(input.AsMemory(0, count * channelCount * patchVoxels), output.AsMemory(0, count * patchVoxels), count, cancellationToken);
            for (int b = 0; b < count; b++)
            {
                PatchCopy.AddWeighted(output.AsSpan(b * patchVoxels, patchVoxels), weights, windows[first + b], patch, weighted, weightSum, grid);
            }
        }

        // Every voxel lies in some window and every weight is at least the floor, so no sum is zero.
        for (int i = 0; i < weighted.Length; i++)
        {
            weighted[i] /= weightSum[i];
        }

        return channels[0].SameGrid(weighted);
    }
}

/// <summary>The voxel of the model grid where a window's patch begins.</summary>
public readonly record struct WindowStart(int X, int Y, int Z);
