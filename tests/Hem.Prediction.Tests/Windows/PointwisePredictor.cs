using Hem.Dicom.Series;
using Hem.Prediction.Windows;

namespace Hem.Prediction.Tests.Windows;

/// <summary>
/// A patch model that works voxel by voxel (so it is exactly translation-equivariant, patch borders included):
/// output = <see cref="Op"/>(channel 0, channel 1). Counts what it was asked.
/// </summary>
internal sealed class PointwisePredictor(GridSize patch) : IPatchPredictor
{
    private int _calls;
    private int _patches;

    public GridSize PatchSize => patch;

    public int InputChannels => 2;

    public int Calls => _calls;

    public int Patches => _patches;

    public int LargestBatch { get; private set; }

    public static float Op(float ct, float mask) => (0.25f * ct) + (0.5f * mask * mask) + 0.125f;

    public Task PredictAsync(ReadOnlyMemory<float> input, Memory<float> output, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _patches, count);
        LargestBatch = Math.Max(LargestBatch, count);
        int voxels = (int)patch.VoxelCount;
        var i = input.Span;
        var o = output.Span;
        Assert.Equal(count * 2 * voxels, i.Length);
        Assert.Equal(count * voxels, o.Length);
        for (int b = 0; b < count; b++)
        {
            for (int v = 0; v < voxels; v++)
            {
                o[(b * voxels) + v] = Op(i[(2 * b * voxels) + v], i[(((2 * b) + 1) * voxels) + v]);
            }
        }

        return Task.CompletedTask;
    }
}
