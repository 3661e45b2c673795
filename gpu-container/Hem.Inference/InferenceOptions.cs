using Hem.Prediction.Onnx;
using Hem.Prediction.Transport;

namespace Hem.Inference;

/// <summary>The service's settings, section "Inference" (environment: Inference__ApiKey and so on).</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>The model folder (model.json, the ONNX file, reference/); "model" beside the executable by default.</summary>
    public string ModelPath { get; set; } = Path.Combine(AppContext.BaseDirectory, "model");

    /// <summary>auto (CUDA when present, else CPU), cuda (or refuse to start) or cpu.</summary>
    public ExecutionProviderChoice ExecutionProvider { get; set; } = ExecutionProviderChoice.Auto;

    public int CudaDeviceId { get; set; }

    /// <summary>ONNX Runtime's threads per inference; 0 means the processor count.</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Patches per call of the model.</summary>
    public int BatchSize { get; set; } = 4;

    public RequestAuthentication Authentication { get; set; } = RequestAuthentication.ApiKey;

    /// <summary>The key callers send in <see cref="ApiKeyHeader"/> (from a Key Vault secret in Azure).</summary>
    public string? ApiKey { get; set; }

    /// <summary>With <see cref="RequestAuthentication.ContainerApps"/>: the Entra ID object ids allowed in; empty allows any authenticated caller.</summary>
    public IList<string> AllowedPrincipalIds { get; } = [];

    /// <summary>Predictions that run at once; more wait in the queue.</summary>
    public int MaxConcurrentPredictions { get; set; } = 1;

    /// <summary>Predictions that may wait; beyond it a request gets 503 with Retry-After.</summary>
    public int QueueLimit { get; set; } = 4;

    /// <summary>The Retry-After a refused request is given.</summary>
    public int RetryAfterSeconds { get; set; } = 5;

    /// <summary>How long one prediction may take, reading the request included.</summary>
    public double RequestTimeoutSeconds { get; set; } = 120;

    /// <summary>Voxels per block of a request; the request size limit follows from it.</summary>
    public long MaxVoxels { get; set; } = BundleLimits.Default.MaxVoxels;

    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>The largest request body: preamble, the largest header, and the three blocks (float32, float32, uint8).</summary>
    public long MaxRequestBytes => VolumeBundleFormat.PreambleBytes + BundleLimits.MaxHeaderBytes + (MaxVoxels * 9);

    public OnnxPredictorOptions Onnx => new()
    {
        ExecutionProvider = ExecutionProvider,
        CudaDeviceId = CudaDeviceId,
        IntraOpThreads = IntraOpThreads > 0 ? IntraOpThreads : Environment.ProcessorCount,
    };

    /// <summary>Settings that cannot work, named; empty when all is well.</summary>
    public IEnumerable<string> Problems()
    {
        if (Authentication == RequestAuthentication.ApiKey && (ApiKey is null || ApiKey.Length < 16))
        {
            yield return "Inference:ApiKey must be set, at least 16 characters, when Inference:Authentication is ApiKey (or choose ContainerApps, or None for a private network only)";
        }

        if (MaxConcurrentPredictions < 1 || QueueLimit < 0 || RetryAfterSeconds < 1 || BatchSize < 1)
        {
            yield return "Inference:MaxConcurrentPredictions and Inference:BatchSize must be at least 1, Inference:QueueLimit at least 0, Inference:RetryAfterSeconds at least 1";
        }

        if (!(RequestTimeoutSeconds > 0) || MaxVoxels < 1 || MaxVoxels > int.MaxValue / sizeof(float))
        {
            yield return $"Inference:RequestTimeoutSeconds must be positive and Inference:MaxVoxels from 1 to {int.MaxValue / sizeof(float)}";
        }
    }
}

/// <summary>How callers of /v1 prove who they are; the health endpoints stay open.</summary>
public enum RequestAuthentication
{
    /// <summary>A shared key in the X-Api-Key header.</summary>
    ApiKey,

    /// <summary>Entra ID tokens validated by Container Apps authentication, which passes the caller on in X-MS-CLIENT-PRINCIPAL-ID.</summary>
    ContainerApps,

    /// <summary>No check: only for a private network (docker compose on one machine).</summary>
    None,
}
