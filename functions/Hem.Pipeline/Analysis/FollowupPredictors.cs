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
/// </summary>
public sealed class HttpFollowupPredictor(InferenceClient client, ModelSettings settings) : IFollowupPredictor
{
    private readonly ModelInputPreparer _preparer = new(settings.Grid);

    public async Task<FollowupPrediction> PredictAsync(Volume<short> ct, Volume<byte> baselineMask, Volume<byte> brain, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var input = _preparer.Prepare(ct, baselineMask, brain, cancellationToken);
        if (input is null)
        {
            return new FollowupPrediction(Volume.Zeros<byte>(ct.Geometry), 0, null, null, 0);
        }

        var answer = await client.PredictAsync(input.ModelInput, probability: true, cancellationToken);
        var probability = answer.Probability ?? throw new PermanentInferenceException("the inference service's answer has no probability");
        var mask = ProbabilityMapping.ToBaselineMask(probability, input.Grid, brain, settings.Threshold);
        return new FollowupPrediction(mask, MaskVolume.Ml(mask), probability, input.Grid, answer.Windows);
    }
}

/// <summary>The model an analysis uses: its predictor, the identity and provenance its outputs record, and its card's training-data statement.</summary>
public sealed record AnalysisModel(IFollowupPredictor Predictor, ModelIdentity Identity, ModelProvenance Provenance, string TrainingData)
{
    private const string DefaultTrainingData = "Trained on synthetic data only.";

    /// <summary>A model loaded in this process.</summary>
    public static AnalysisModel InProcess(PredictionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        byte[] card = File.ReadAllBytes(Path.Combine(model.Folder, ModelCard.FileName));
        var provenance = new ModelProvenance(model.Card.Name, model.Card.Version, Convert.ToHexStringLower(SHA256.HashData(card)), model.Card.OnnxSha256, model.ExecutionProvider.Name);
        return new AnalysisModel(new InProcessFollowupPredictor(FollowupPredictor.For(model)), new ModelIdentity(model.Card.Name, model.Card.Version), provenance, model.Card.TrainingData ?? DefaultTrainingData);
    }

    /// <summary>
    /// The model the inference service serves, read from its card (<c>GET /v1/model</c>). The card's SHA-256 is of the
    /// text the service answered; the execution provider is recorded as <c>inference service</c>.
    /// </summary>
    public static async Task<AnalysisModel> FromServiceAsync(InferenceClient client, CancellationToken cancellationToken)
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

        var provenance = new ModelProvenance(card.Name, card.Version, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), card.OnnxSha256, "inference service");
        var predictor = new HttpFollowupPredictor(client, settings);
        return new AnalysisModel(predictor, new ModelIdentity(card.Name, card.Version), provenance, card.TrainingData ?? DefaultTrainingData);
    }
}
