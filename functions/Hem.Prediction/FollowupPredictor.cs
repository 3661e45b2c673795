using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;
using Hem.Prediction.Onnx;
using Hem.Prediction.Windows;

namespace Hem.Prediction;

/// <summary>
/// Predicts one study's follow-up hematoma: baseline CT, baseline mask and brain (on the CT's grid) to the model
/// grid, the model over it by sliding window, zero outside the brain, back to the baseline grid, thresholded and
/// kept inside the brain. An empty baseline mask predicts an empty mask without running the model. Stateless
/// between calls: one instance serves concurrent studies as far as its patch predictor does.
/// </summary>
public sealed class FollowupPredictor
{
    private readonly ModelInputPreparer _preparer;
    private readonly GaussianSlidingWindow _window;
    private readonly IPatchPredictor _predictor;

    public FollowupPredictor(ModelSettings settings, IPatchPredictor predictor, int batchSize = GaussianSlidingWindow.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(predictor);
        if (predictor.PatchSize != settings.Grid.PatchSize)
        {
            throw new ArgumentException($"the predictor's patch {predictor.PatchSize} is not the settings' {settings.Grid.PatchSize}", nameof(predictor));
        }

        Settings = settings;
        _preparer = new ModelInputPreparer(settings.Grid);
        _window = new GaussianSlidingWindow(settings.Window, batchSize);
        _predictor = predictor;
    }

    /// <summary>A predictor for a loaded model, with the settings of its card.</summary>
    public static FollowupPredictor For(PredictionModel model, int batchSize = GaussianSlidingWindow.DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new FollowupPredictor(model.Settings, model.Predictor, batchSize);
    }

    public ModelSettings Settings { get; }

    public async Task<FollowupPrediction> PredictAsync(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken = default)
    {
        var input = _preparer.Prepare(ct, baselineMask, brain, cancellationToken);
        if (input is null)
        {
            return new FollowupPrediction(Volume.Zeros<byte>(ct.Geometry), 0, null, null, 0);
        }

        var probability = await _window.PredictAsync(_predictor, input.Channels, cancellationToken);
        BrainMasking.ZeroOutside(probability, input.Brain);
        cancellationToken.ThrowIfCancellationRequested();
        var mask = ProbabilityMapping.ToBaselineMask(probability, input.Grid, brain, Settings.Threshold);
        int windows = _window.Windows(input.Grid.Geometry.Size, _predictor.PatchSize).Count;
        return new FollowupPrediction(mask, MaskVolume.Ml(mask), probability, input.Grid, windows);
    }
}
