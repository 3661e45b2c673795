using Hem.Prediction;
using Hem.Prediction.Onnx;

namespace Hem.Inference;

/// <summary>
/// The model the service runs, once loaded: its card (as the file says it), the checked ONNX session and the one
/// model-grid predictor all requests share; and whether it is warmed up. Set once by <see cref="ModelStartup"/>.
/// </summary>
public sealed class ServedModel : IDisposable
{
    private PredictionModel? _model;
    private volatile string? _notReadyReason = "the model is loading";

    public PredictionModel Model => _model ?? throw new InvalidOperationException("the model is not loaded");

    public ModelGridPredictor Predictor { get; private set; } = null!;

    /// <summary>model.json exactly as read, for GET /v1/model.</summary>
    public string CardJson { get; private set; } = "{}";

    /// <summary>Null when ready; otherwise why not.</summary>
    public string? NotReadyReason => _notReadyReason;

    public bool IsReady => _notReadyReason is null;

    internal void Loaded(PredictionModel model, string cardJson, int batchSize)
    {
        _model = model;
        CardJson = cardJson;
        Predictor = new ModelGridPredictor(model.Settings, model.Predictor, batchSize);
        _notReadyReason = "the model is warming up";
    }

    internal void Ready() => _notReadyReason = null;

    internal void Failed(string reason) => _notReadyReason = reason;

    public void Dispose() => _model?.Dispose();
}
