using Hem.Imaging.Volumes;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;
using Hem.Prediction.Windows;

namespace Hem.Prediction;

/// <summary>
/// The model over a whole model grid: the card's Gaussian-weighted sliding window, then zero outside the brain.
/// The one implementation behind <see cref="FollowupPredictor"/> (hem predict, hem analyze) and the inference
/// service. Holds no state between calls.
/// </summary>
public sealed class ModelGridPredictor
{
    private readonly GaussianSlidingWindow _window;
    private readonly IPatchPredictor _predictor;

    public ModelGridPredictor(ModelSettings settings, IPatchPredictor predictor, int batchSize = GaussianSlidingWindow.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor.PatchSize != settings.Grid.PatchSize)
        {
            throw new ArgumentException($"the predictor's patch {predictor.PatchSize} is not the settings' {settings.Grid.PatchSize}", nameof(predictor));
        }

        Settings = settings;
        _window = new GaussianSlidingWindow(settings.Window, batchSize);
        _predictor = predictor;
    }

    public ModelSettings Settings { get; }

    /// <summary>How many patches a grid of this size takes.</summary>
    public int Windows(Dicom.Series.GridSize grid) => _window.Windows(grid, _predictor.PatchSize).Count;

    /// <summary>The follow-up probability on the input's grid, zero outside the brain.</summary>
    public async Task<Volume<float>> ProbabilityAsync(ModelInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var probability = await _window.PredictAsync(_predictor, input.Channels, cancellationToken);
        BrainMasking.ZeroOutside(probability, input.Brain);
        return probability;
    }

    /// <summary>The card's threshold on the model grid: 1 where the probability is at least the threshold.</summary>
    public Volume<byte> Threshold(Volume<float> probability)
    {
        ArgumentNullException.ThrowIfNull(probability);
        var p = probability.Voxels;
        var mask = new byte[p.Length];
        for (int i = 0; i < p.Length; i++)
        {
            mask[i] = (byte)(p[i] >= Settings.Threshold ? 1 : 0);
        }

        return probability.SameGrid(mask);
    }
}
