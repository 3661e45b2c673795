using Hem.Prediction.Cards;

namespace Hem.Prediction.Onnx;

/// <summary>A loaded model folder: its card, the settings the card fixes, and the checked ONNX session.</summary>
public sealed class PredictionModel : IDisposable
{
    internal PredictionModel(string folder, ModelCard card, ModelSettings settings, OnnxPatchPredictor predictor, ExecutionProvider provider)
    {
        ExecutionProvider = provider;
        Folder = folder;
        Card = card;
        Settings = settings;
        Predictor = predictor;
    }

    public string Folder { get; }

    public ModelCard Card { get; }

    public ModelSettings Settings { get; }

    public OnnxPatchPredictor Predictor { get; }

    /// <summary>Where the model runs.</summary>
    public ExecutionProvider ExecutionProvider { get; }

    public void Dispose() => Predictor.Dispose();
}
