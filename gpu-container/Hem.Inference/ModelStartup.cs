using System.Diagnostics;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;
using Hem.Prediction.Onnx;
using Microsoft.Extensions.Options;

namespace Hem.Inference;

/// <summary>
/// Loads the model before the server listens (a model whose card and graph disagree stops the service from
/// starting), says where it runs, then warms it up in the background: the folder's reference pair must reproduce
/// within its tolerance, and one study-sized prediction runs, before /readyz says ready.
/// </summary>
public sealed partial class ModelStartup(ServedModel served, IOptions<InferenceOptions> options, ILogger<ModelStartup> logger) : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _warmUp = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var problems = settings.Problems().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("the inference service is misconfigured: " + string.Join("; ", problems));
        }

        if (!Directory.Exists(settings.ModelPath))
        {
            throw new ModelFolderException($"the model folder '{settings.ModelPath}' does not exist (set Inference:ModelPath)");
        }

        var model = await ModelLoader.LoadAsync(settings.ModelPath, settings.Onnx, cancellationToken);
        string cardJson = await File.ReadAllTextAsync(Path.Combine(settings.ModelPath, ModelCard.FileName), cancellationToken);
        served.Loaded(model, cardJson, settings.BatchSize);
        var provider = model.ExecutionProvider;
        if (provider.CudaUnavailableReason is { } reason)
        {
            LogCpuFallback(logger, model.Card.Name, model.Card.Version, settings.Onnx.IntraOpThreads, reason);
        }
        else
        {
            LogLoaded(logger, model.Card.Name, model.Card.Version, provider.Name, settings.Onnx.IntraOpThreads);
        }

        _warmUp = Task.Run(() => WarmUpAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await _warmUp.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping while warming up: nothing to finish.
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var model = served.Model;
            if (await ModelReference.CheckAsync(model, cancellationToken) is { } outcome)
            {
                if (!outcome.Passed)
                {
                    string why = $"the model's reference output differs from training's by {outcome.MaxAbsoluteDifference:G3}, more than its tolerance {outcome.Tolerance:G3}: this runtime does not compute what the model was trained to";
                    served.Failed(why);
                    LogWarmUpFailed(logger, why);
                    return;
                }

                LogReference(logger, outcome.MaxAbsoluteDifference, outcome.Tolerance);
            }

            // One patch-sized study through the shared predictor: the first runs allocate and, on CUDA, tune kernels.
            var patch = model.Settings.Grid.PatchSize;
            double h = model.Settings.Grid.SpacingMm;
            var geometry = new VolumeGeometry(patch, new Vector3D(h, h, h), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
            var input = new ModelInput(Volume.Zeros<float>(geometry), Volume.Zeros<float>(geometry), Volume.Zeros<byte>(geometry));
            await served.Predictor.ProbabilityAsync(input, cancellationToken);
            served.Ready();
            LogReady(logger, clock.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            served.Failed("the service is stopping");
        }
        catch (Exception ex) when (ex is ModelFolderException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or IOException)
        {
            served.Failed($"warm-up failed: {ex.Message}");
            LogWarmUpFailed(logger, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Name} {Version} loaded on the {Provider} execution provider ({Threads} intra-op threads)")]
    private static partial void LogLoaded(ILogger logger, string name, string version, string provider, int threads);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {Name} {Version} loaded on the CPU execution provider ({Threads} intra-op threads): CUDA is not available here: {Reason}")]
    private static partial void LogCpuFallback(ILogger logger, string name, string version, int threads, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reference pair reproduced: largest difference {Difference:G3} (tolerance {Tolerance:G3})")]
    private static partial void LogReference(ILogger logger, double difference, double tolerance);

    [LoggerMessage(Level = LogLevel.Information, Message = "Warmed up in {Milliseconds} ms: ready")]
    private static partial void LogReady(ILogger logger, long milliseconds);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The model cannot serve: {Reason}")]
    private static partial void LogWarmUpFailed(ILogger logger, string reason);
}
