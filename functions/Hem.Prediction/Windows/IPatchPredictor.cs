using Hem.Dicom.Series;

namespace Hem.Prediction.Windows;

/// <summary>
/// Runs the model on a batch of patches. Tensors are float32 <c>[N, C, Z, Y, X]</c>, x fastest, which is a
/// <c>Volume</c>'s own voxel order (docs/MODEL-CONTRACT.md, "Tensor layout").
/// </summary>
public interface IPatchPredictor
{
    /// <summary>The patch in voxels along x, y and z.</summary>
    GridSize PatchSize { get; }

    /// <summary>The input channels per patch (the output has one).</summary>
    int InputChannels { get; }

    /// <summary>
    /// Predicts <paramref name="count"/> patches: <paramref name="input"/> holds count x channels x patch voxels,
    /// <paramref name="output"/> receives count x patch voxels.
    /// </summary>
    Task PredictAsync(ReadOnlyMemory<float> input, Memory<float> output, int count, CancellationToken cancellationToken);
}
