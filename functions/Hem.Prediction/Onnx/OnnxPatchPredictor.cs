using System.Runtime.InteropServices;
using Hem.Dicom.Series;
using Hem.Prediction.Windows;
using Microsoft.ML.OnnxRuntime;

namespace Hem.Prediction.Onnx;

/// <summary>
/// The model in ONNX Runtime, on the CPU or CUDA (all graph optimisations, <see cref="OnnxPredictorOptions.IntraOpThreads"/>
/// threads per run). Tensors are passed as views of the caller's buffers, never copied. Thread-safe: ONNX Runtime
/// allows concurrent runs of one session, and this class keeps no state between calls (each concurrent call
/// brings its own intra-op threads, so concurrency beyond one study at a time rarely pays on a CPU).
/// Made by <see cref="ModelLoader"/>, which checks the graph against its card first.
/// </summary>
public sealed class OnnxPatchPredictor : IPatchPredictor, IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    internal OnnxPatchPredictor(InferenceSession session, string inputName, string outputName, GridSize patchSize, int inputChannels)
    {
        _session = session;
        _inputNames = [inputName];
        _outputNames = [outputName];
        PatchSize = patchSize;
        InputChannels = inputChannels;
    }

    public GridSize PatchSize { get; }

    public int InputChannels { get; }

    /// <summary>
    /// A session over the model's bytes (those that were hashed, so the checked file is the one run) on the
    /// provider the options ask for. CUDA needs the CUDA build of ONNX Runtime, a driver and the CUDA 12 and cuDNN 9
    /// libraries; with <see cref="ExecutionProviderChoice.Auto"/> anything missing falls back to the CPU.
    /// </summary>
    internal static (InferenceSession Session, ExecutionProvider Provider) OpenSession(byte[] model, OnnxPredictorOptions options)
    {
        if (options.ExecutionProvider == ExecutionProviderChoice.Cpu)
        {
            return (Create(model, options, cuda: false), new ExecutionProvider(ExecutionProvider.CpuName, null));
        }

        try
        {
            return (Create(model, options, cuda: true), new ExecutionProvider(ExecutionProvider.CudaName, null));
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            string reason = ex.Message.ReplaceLineEndings(" ").Trim();
            if (options.ExecutionProvider == ExecutionProviderChoice.Cuda)
            {
                throw new CudaUnavailableException($"the CUDA execution provider cannot run the model: {reason}", ex);
            }

            return (Create(model, options, cuda: false), new ExecutionProvider(ExecutionProvider.CpuName, reason));
        }
    }

    private static InferenceSession Create(byte[] model, OnnxPredictorOptions options, bool cuda)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = Math.Max(1, options.IntraOpThreads),
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        if (cuda)
        {
            sessionOptions.AppendExecutionProvider_CUDA(options.CudaDeviceId);
        }

        sessionOptions.AppendExecutionProvider_CPU(1);
        return new InferenceSession(model, sessionOptions);
    }

    /// <summary>Runs the batch on the calling thread; cancellation stops a run in progress.</summary>
    public Task PredictAsync(ReadOnlyMemory<float> input, Memory<float> output, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        long patchVoxels = PatchSize.VoxelCount;
        if (input.Length != count * InputChannels * patchVoxels || output.Length != count * patchVoxels)
        {
            throw new ArgumentException($"a batch of {count} needs {count * InputChannels * patchVoxels} input and {count * patchVoxels} output values");
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        // ONNX Runtime only reads its inputs; it takes them as writable memory all the same.
        using var inputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, MemoryMarshal.AsMemory(input), [count, InputChannels, PatchSize.Z, PatchSize.Y, PatchSize.X]);
        using var outputValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, output, [count, 1, PatchSize.Z, PatchSize.Y, PatchSize.X]);
        try
        {
            _session.Run(runOptions, _inputNames, [inputValue], _outputNames, [outputValue]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _session.Dispose();
}
