using System.Security.Cryptography;
using System.Text;
using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;
using Hem.Pipeline.Inference;
using Hem.Prediction;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;
using Hem.Prediction.Onnx;

namespace Hem.Pipeline.Analysis;

/// <summary>The Predict step: the follow-up hematoma on the study's grid, from its CT, baseline mask and brain.</summary>
public interface IFollowupPredictor
{
    Task<FollowupPrediction> PredictAsync(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken);
}

/// <summary>The model in this process (<c>hem analyze</c>): Hem.Prediction's <see cref="FollowupPredictor"/>.</summary>
public sealed class InProcessFollowupPredictor(FollowupPredictor predictor) : IFollowupPredictor
{
    public Task<FollowupPrediction> PredictAsync(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken) =>
        predictor.PredictAsync(ct, baselineMask, brain, cancellationToken);
}

/// <summary>
/// The model behind the inference service: the same preparation as in process (<see cref="ModelInputPreparer"/>), the
/// model-grid probability over HTTP (<see cref="InferenceClient"/>), mapped back with <see cref="ProbabilityMapping"/>.
/// Failures stay the client's <see cref="TransientInferenceException"/> and <see cref="PermanentInferenceException"/>.
/// The orchestration calls <see cref="ProbabilityAsync"/> and <see cref="ModelGridProbability.ToPrediction"/> in
/// separate activities (predict, postprocess); <c>hem analyze</c>-style callers use <see cref="PredictAsync"/>.
/// </summary>
public sealed class HttpFollowupPredictor(InferenceClient client, ServedModelCard model) : IFollowupPredictor
{
    private readonly ModelInputPreparer _preparer = new(model.Settings.Grid);

    /// <summary>The probability on the model grid, or null when the baseline mask is empty (nothing to predict, no request sent).</summary>
    public async Task<ModelGridProbability?> ProbabilityAsync(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var input = _preparer.Prepare(ct, baselineMask, brain, cancellationToken);
        if (input is null)
        {
            return null;
        }

        var answer = await client.PredictAsync(input.ModelInput, probability: true, cancellationToken);
        if (!string.Equals(answer.ModelVersion, model.Description.Identity.Version, StringComparison.Ordinal))
        {
            // The service was redeployed between reading its card and this request: outputs would name the wrong model.
            throw new PermanentInferenceException($"the inference service answered with model version {answer.ModelVersion}, but its card said {model.Description.Identity.Version}: the model changed during the run; run the study again");
        }

        var probability = answer.Probability ?? throw new PermanentInferenceException("the inference service's answer has no probability");
        return new ModelGridProbability(input.Grid, probability, answer.Windows);
    }

    public async Task<FollowupPrediction> PredictAsync(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var probability = await ProbabilityAsync(ct, baselineMask, brain, cancellationToken);
        return probability is null ? ModelGridProbability.NoPrediction(ct.Geometry) : probability.ToPrediction(brain, model.Settings.Threshold);
    }
}

/// <summary>The model's probability on a study's model grid, as the inference service answered it.</summary>
/// <param name="Grid">Where the model grid lies on the study's grid.</param>
/// <param name="Probability">The follow-up probability on the model grid (0 outside the brain).</param>
/// <param name="Windows">How many patches the model ran on.</param>
public sealed record ModelGridProbability(ModelGrid Grid, Volume<float> Probability, int Windows)
{
    /// <summary>The prediction on the study's grid: the probability mapped back, at least <paramref name="threshold"/> and inside the brain.</summary>
    public FollowupPrediction ToPrediction(Volume<byte> brain, double threshold)
    {
        var mask = ProbabilityMapping.ToBaselineMask(Probability, Grid, brain, threshold);
        return new FollowupPrediction(mask, MaskVolume.Ml(mask), Probability, Grid, Windows);
    }

    /// <summary>The prediction for a study without a baseline hematoma: an empty mask, no model run.</summary>
    public static FollowupPrediction NoPrediction(Hem.Dicom.Series.VolumeGeometry geometry) => new(Volume.Zeros<byte>(geometry), 0, null, null, 0);
}

/// <summary>The model as an analysis's outputs describe it: its identity, its provenance and its card's training-data statement.</summary>
public sealed record ModelDescription(ModelIdentity Identity, ModelProvenance Provenance, string TrainingData)
{
    public const string DefaultTrainingData = "Trained on synthetic data only.";
}

/// <summary>The model an analysis uses: its predictor and its description.</summary>
public sealed record AnalysisModel(IFollowupPredictor Predictor, ModelDescription Description)
{
    /// <summary>A model loaded in this process.</summary>
    public static AnalysisModel InProcess(PredictionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] card = File.ReadAllBytes(Path.Combine(model.Folder, ModelCard.FileName));
        var provenance = new ModelProvenance(model.Card.Name, model.Card.Version, Convert.ToHexStringLower(SHA256.HashData(card)), model.Card.OnnxSha256, model.ExecutionProvider.Name);
        var description = new ModelDescription(new ModelIdentity(model.Card.Name, model.Card.Version), provenance, model.Card.TrainingData ?? ModelDescription.DefaultTrainingData);
        return new AnalysisModel(new InProcessFollowupPredictor(FollowupPredictor.For(model)), description);
    }

    /// <summary>The model the inference service serves (<see cref="ServedModelCard"/>), predicting over HTTP.</summary>
    public static async Task<AnalysisModel> FromServiceAsync(InferenceClient client, CancellationToken cancellationToken)
    {
        var card = await ServedModelCard.ReadAsync(client, cancellationToken);
        return new AnalysisModel(new HttpFollowupPredictor(client, card), card.Description);
    }
}

/// <summary>
/// The card of the model the inference service serves (<c>GET /v1/model</c>): the settings the request is prepared
/// with and the description outputs record. The card's SHA-256 is of the text the service answered; the execution
/// provider is recorded as <see cref="ExecutionProviderName"/>.
/// </summary>
public sealed record ServedModelCard(ModelSettings Settings, ModelDescription Description)
{
    public const string ExecutionProviderName = "inference service";

    public static async Task<ServedModelCard> ReadAsync(InferenceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string text = await client.GetModelCardAsync(cancellationToken);
        ModelCard card;
        ModelSettings settings;
        try
        {
            card = ModelCardReader.Parse(text);
            settings = ModelCardReader.Settings(card);
        }
        catch (ModelFolderException ex)
        {
            throw new PermanentInferenceException("the inference service's model card cannot be used: " + ex.Message, ex);
        }

        var provenance = new ModelProvenance(card.Name, card.Version, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), card.OnnxSha256, ExecutionProviderName);
        return new ServedModelCard(settings, new ModelDescription(new ModelIdentity(card.Name, card.Version), provenance, card.TrainingData ?? ModelDescription.DefaultTrainingData));
    }
}
