using System.Diagnostics;
using System.Globalization;

namespace Hem.LocalHost.Processes;

/// <summary>
/// The inference service (gpu-container/Hem.Inference) as its own process on 127.0.0.1, serving a model folder with an
/// API key, CUDA when present and the CPU otherwise; ready when <c>/readyz</c> answers 200 (the model reproduced its
/// reference pair). Stopped with the stack.
/// </summary>
public sealed class InferenceProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly ChildProcess _process;

    private InferenceProcess(ChildProcess process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<InferenceProcess> StartAsync(string assembly, string modelFolder, string apiKey, int port, CancellationToken cancellationToken)
    {
        if (!File.Exists(assembly))
        {
            throw new LocalStackException(
                "The inference service is not built: run `dotnet build HemFunctions.sln` (or give --inference-url and --inference-key of a running service).");
        }

        if (!Directory.Exists(modelFolder))
        {
            throw new LocalStackException("The model folder does not exist: give --model with a folder holding model.json and the ONNX file.");
        }

        var baseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = baseUrl.AbsoluteUri.TrimEnd('/'),
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Inference__ModelPath"] = Path.GetFullPath(modelFolder),
            ["Inference__ApiKey"] = apiKey,
            ["Inference__Authentication"] = "ApiKey",
        };
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var process = ChildProcess.Start(dotnet, [assembly], environment, Path.GetDirectoryName(assembly));
        try
        {
            await WaitUntilReadyAsync(process, baseUrl, cancellationToken);
            return new InferenceProcess(process, baseUrl);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts the service on a free loopback port, choosing another when the chosen one was taken before the service
    /// could bind it (Kestrel's "address already in use"); any other failure is reported at once.
    /// </summary>
    public static async Task<InferenceProcess> StartOnFreePortAsync(string assembly, string modelFolder, string apiKey, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync(assembly, modelFolder, apiKey, LoopbackPorts.TakeFree(1)[0], cancellationToken);
            }
            catch (LocalStackException ex) when (attempt < LoopbackPorts.TakenPortTries && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Chosen again below.
            }
        }
    }

    public string OutputTail() => _process.OutputTail();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static async Task WaitUntilReadyAsync(ChildProcess process, Uri baseUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new LocalStackException($"The inference service exited with code {process.ExitCode}: {process.OutputTail()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "readyz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Warming up: the reference pair runs before /readyz answers.
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new LocalStackException($"The inference service was not ready within {StartTimeout.TotalSeconds} s: {process.OutputTail()}");
    }
}
