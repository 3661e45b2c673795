namespace Hem.Prediction.Onnx;

/// <summary>The execution provider a loaded model runs on, and why it is not CUDA when CUDA was asked for.</summary>
/// <param name="Name">"CUDA" or "CPU".</param>
/// <param name="CudaUnavailableReason">ONNX Runtime's reason CUDA could not be used, when it was tried and the CPU took over.</param>
public sealed record ExecutionProvider(string Name, string? CudaUnavailableReason)
{
    public const string CudaName = "CUDA";

    public const string CpuName = "CPU";

    public bool IsCuda => Name == CudaName;
}
