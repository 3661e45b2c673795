using Hem.Prediction.Grid;
using Hem.Prediction.Windows;

namespace Hem.Prediction.Cards;

/// <summary>Everything a model's card fixes about running it: its grid, its tiling and its threshold.</summary>
/// <param name="Grid">The model grid and preprocessing.</param>
/// <param name="Window">The sliding window.</param>
/// <param name="Threshold">A baseline voxel is predicted hematoma when its probability is at least this.</param>
public sealed record ModelSettings(ModelGridSettings Grid, SlidingWindowSettings Window, double Threshold)
{
    /// <summary>The contract's defaults: <see cref="ModelGridSettings.Default"/>, <see cref="SlidingWindowSettings.Default"/>, threshold 0.5.</summary>
    public static ModelSettings Default { get; } = new(ModelGridSettings.Default, SlidingWindowSettings.Default, 0.5);
}
