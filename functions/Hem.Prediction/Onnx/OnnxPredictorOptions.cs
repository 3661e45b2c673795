namespace Hem.Prediction.Onnx;

/// <summary>How ONNX Runtime runs a model here.</summary>
public sealed record OnnxPredictorOptions
{
    /// <summary>Threads one inference may use (ONNX Runtime's intra-op pool); the processor count by default.</summary>
    public int IntraOpThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>Where the model runs; the CPU by default.</summary>
    public ExecutionProviderChoice ExecutionProvider { get; init; } = ExecutionProviderChoice.Cpu;

    /// <summary>The CUDA device, when the model runs on CUDA.</summary>
    public int CudaDeviceId { get; init; }

    public static OnnxPredictorOptions Default { get; } = new();
}

/// <summary>Which ONNX Runtime execution provider runs the model.</summary>
public enum ExecutionProviderChoice
{
    /// <summary>The CPU provider.</summary>
    Cpu,

    /// <summary>CUDA, or the CPU (with the reason recorded) when this build, the driver or the libraries cannot give CUDA.</summary>
    Auto,

    /// <summary>CUDA or nothing: a model that cannot run on CUDA is not loaded.</summary>
    Cuda,
}
