namespace Hem.Prediction.Onnx;

/// <summary>CUDA was required and ONNX Runtime could not use it (no CUDA build, driver, device or libraries).</summary>
public sealed class CudaUnavailableException : Exception
{
    public CudaUnavailableException()
    {
    }

    public CudaUnavailableException(string message)
        : base(message)
    {
    }

    public CudaUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
