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
    private readonly ModelGridPredictor _model;

    public FollowupPredictor(ModelSettings settings, IPatchPredictor predictor, int batchSize = GaussianSlidingWindow.DefaultBatchSize)
    {
        _model = new ModelGridPredictor(settings, predictor, batchSize);
        Settings = settings;
        _preparer = new ModelInputPreparer(settings.Grid);
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

        var probability = await _model.ProbabilityAsync(input.ModelInput, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var mask = ProbabilityMapping.ToBaselineMask(probability, input.Grid, brain, Settings.Threshold);
        int windows = _model.Windows(input.Grid.Geometry.Size);
        return new FollowupPrediction(mask, MaskVolume.Ml(mask), probability, input.Grid, windows);
    }
}
