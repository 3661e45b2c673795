namespace Hem.Prediction.Onnx;

/// <summary>How ONNX Runtime runs a model here.</summary>
public sealed record OnnxPredictorOptions
{
    /// <summary>Threads one inference may use (ONNX Runtime's intra-op pool); the processor count by default.</summary>
    public int IntraOpThreads { get; init; } = Environment.ProcessorCount;

    public static OnnxPredictorOptions Default { get; } = new();
}
