using System.Security.Cryptography;
using Hem.LocalHost.Processes;

namespace Hem.LocalHost.Hosting;

/// <summary>
/// The whole local stack on one machine, loopback only: Azurite (started from the pinned package unless one already
/// answers on its ports), the inference service as its own process (unless a running one is given), and the
/// <see cref="LocalPipelineHost"/>. It writes <c>stack.json</c> for <c>hem submit</c> and <c>hem events</c>, and stops
/// everything it started, in reverse order, when disposed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "the local stack is what the docs and `hem up` call it; it is no collection")]
public sealed class LocalStack : IAsyncDisposable
{
    private readonly AzuriteServer? _azurite;
    private readonly InferenceProcess? _inference;
    private readonly string _dataFolder;

    private LocalStack(AzuriteServer? azurite, string storage, InferenceProcess? inference, LocalPipelineHost host, Uri inferenceUrl, string dataFolder)
    {
        _azurite = azurite;
        StorageConnectionString = storage;
        _inference = inference;
        Host = host;
        InferenceUrl = inferenceUrl;
        _dataFolder = dataFolder;
    }

    public LocalPipelineHost Host { get; }

    /// <summary>The Azurite on loopback the stack uses (started or found), or null when it was given other storage.</summary>
    public AzuriteServer? Azurite => _azurite;

    public string StorageConnectionString { get; }

    public Uri InferenceUrl { get; }

    public bool StartedAzurite => _azurite?.Started == true;

    public bool StartedInference => _inference is not null;

    public StackDescription Description => StackDescription.Of(Host.BaseUrl, StorageConnectionString, InferenceUrl, Path.Combine(_dataFolder, "host", Hem.LocalHost.DevEvents.LocalEventTopicOptions.DefaultEventsFileName));

    /// <summary>Starts what is missing, reporting each part as it comes up.</summary>
    public static async Task<LocalStack> StartAsync(LocalStackOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        string data = Path.GetFullPath(options.DataFolder);
        Directory.CreateDirectory(data);
        var repository = RepositoryLayout.Find();
        var azurite = options.StorageConnectionString is null ? await StartAzuriteAsync(options, repository, data, progress, cancellationToken) : null;
        string storage = options.StorageConnectionString ?? azurite!.ConnectionString;
        if (azurite is null)
        {
            progress?.Report("storage: using the given connection");
        }

        InferenceProcess? inference = null;
        LocalPipelineHost? host = null;
        try
        {
            string key = options.InferenceApiKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            Uri inferenceUrl;
            if (options.InferenceUrl is { } given)
            {
                inferenceUrl = given;
                progress?.Report($"inference service: using {given}");
            }
            else
            {
                progress?.Report("inference service: starting (the model reproduces its reference pair first)");
                string assembly = options.InferenceAssembly ?? Required(repository).InferenceAssembly(RepositoryLayout.ConfigurationOf(typeof(LocalStack).Assembly));
                string model = options.ModelFolder ?? Required(repository).ShippedModel;
                if (options.InferencePort != 0)
                {
                    await RequireFreeAsync(options.InferencePort, "--inference-port", cancellationToken);
                    inference = await InferenceProcess.StartAsync(assembly, model, key, options.InferencePort, cancellationToken);
                }
                else
                {
                    inference = await InferenceProcess.StartOnFreePortAsync(assembly, model, key, cancellationToken);
                }

                inferenceUrl = inference.BaseUrl;
            }

            string deidentificationKey = await DeidentificationKeyFile.ReadOrCreateAsync(options.KeyFile, data, cancellationToken);
            if (options.HostPort != 0)
            {
                await RequireFreeAsync(options.HostPort, "--port", cancellationToken);
            }

            progress?.Report("pipeline host: starting (durable backend on Azurite, worker, intake, topic, event source)");
            host = await LocalPipelineHost.StartAsync(
                new LocalHostOptions
                {
                    StorageConnectionString = storage,
                    InferenceBaseUrl = inferenceUrl,
                    InferenceApiKey = key,
                    DeidentificationKey = deidentificationKey,
                    DataFolder = Path.Combine(data, "host"),
                    Port = options.HostPort,
                    Subscribers = options.Subscribers,
                    ConsoleTelemetry = options.ConsoleTelemetry,
                    ConsoleLogLevel = options.ConsoleLogLevel,
                    ListenAddress = options.ListenAddress,
                    TopicKey = options.TopicKey,
                },
                cancellationToken);
            var stack = new LocalStack(azurite, storage, inference, host, inferenceUrl, data);
            await stack.Description.WriteAsync(data, cancellationToken);
            return stack;
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (inference is not null)
            {
                await inference.DisposeAsync();
            }

            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        StackDescription.Delete(_dataFolder);
        try
        {
            await Host.DisposeAsync();
        }
        finally
        {
            if (_inference is not null)
            {
                await _inference.DisposeAsync();
            }

            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }

    private static async Task<AzuriteServer> StartAzuriteAsync(LocalStackOptions options, RepositoryLayout? repository, string data, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (options.AzuritePorts is { } ports && await AzuriteServer.FindRunningAsync(ports, cancellationToken) is { } running)
        {
            progress?.Report($"Azurite: using the one answering on 127.0.0.1:{ports.Blob}");
            return running;
        }

        if (options.AzuritePorts is { } wanted)
        {
            foreach (int port in new[] { wanted.Blob, wanted.Queue, wanted.Table })
            {
                await RequireFreeAsync(port, "--azurite-port", cancellationToken);
            }
        }

        var layout = Required(repository);
        if (!File.Exists(layout.AzuriteScript))
        {
            progress?.Report("Azurite: installing the pinned package (npm ci --prefix tools/azurite)");
            await AzuriteInstall.RunAsync(layout, cancellationToken);
        }

        progress?.Report("Azurite: starting");
        return await AzuriteServer.StartAsync(layout.AzuriteScript, Path.Combine(data, "azurite"), options.AzuritePorts, cancellationToken);
    }

    private static async Task RequireFreeAsync(int port, string option, CancellationToken cancellationToken)
    {
        if (await LoopbackPorts.IsListeningAsync(port, cancellationToken))
        {
            throw new LocalStackException($"127.0.0.1:{port} is already in use by another program: stop it or choose another port with {option}");
        }
    }

    private static RepositoryLayout Required(RepositoryLayout? repository) =>
        repository ?? throw new LocalStackException(
            $"the local stack starts Azurite and the inference service from a clone of the repository, and none was found above this program or the current folder ({RepositoryLayout.SolutionFile}); run it from the clone");
}
