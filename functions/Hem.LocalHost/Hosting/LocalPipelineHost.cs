using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using Hem.LocalHost.DevEvents;
using Hem.LocalHost.Durable;
using Hem.Pipeline;
using Hem.Pipeline.Configuration;
using Hem.Pipeline.Health;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.Hosting;

/// <summary>
/// The pipeline without Azure Functions: the same orchestration and activities (Hem.Pipeline) on the Durable Task
/// worker, with the durable backend on Azurite (<see cref="DurableTaskSidecar"/>, state that survives a restart), and
/// one ASP.NET Core app on 127.0.0.1 with the intake webhook (<c>POST</c>/<c>OPTIONS /api/events</c>), the status API
/// (<c>GET /api/studies/{name}</c>, <c>POST /api/studies/{name}/rerun</c>), <c>GET /api/health</c>, and the local result
/// topic the pipeline publishes to (<see cref="LocalEventTopicOptions.Route"/>), plus the development event source that
/// turns new blobs in <c>incoming</c> into BlobCreated events for the intake. The wrappers are as thin as the Functions
/// app's: every decision is Hem.Pipeline's.
/// </summary>
public sealed class LocalPipelineHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DurableTaskSidecar _sidecar;

    private LocalPipelineHost(WebApplication app, DurableTaskSidecar sidecar, Uri baseUrl, LocalEventTopicOptions topic)
    {
        _app = app;
        _sidecar = sidecar;
        BaseUrl = baseUrl;
        TopicEndpoint = new Uri(baseUrl, topic.Route.TrimStart('/'));
        TopicKey = topic.Key;
    }

    /// <summary>The host's address, e.g. http://127.0.0.1:7071/.</summary>
    public Uri BaseUrl { get; }

    public Uri IntakeUrl => new(BaseUrl, "api/events");

    /// <summary>The local result topic the pipeline publishes to.</summary>
    public Uri TopicEndpoint { get; }

    /// <summary>The local topic's key for this run (random; the pipeline is configured with it).</summary>
    public string TopicKey { get; }

    public Uri SidecarAddress => _sidecar.Address;

    public DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    public IServiceProvider Services => _app.Services;

    public static Task<LocalPipelineHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken) =>
        StartAsync(options, () => Processes.LoopbackPorts.TakeFree(1)[0], cancellationToken);

    /// <param name="freePort">Where a port comes from when <see cref="LocalHostOptions.Port"/> is 0 (tests give one that
    /// another listener holds, as a race would).</param>
    internal static async Task<LocalPipelineHost> StartAsync(LocalHostOptions options, Func<int> freePort, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.DataFolder);
        string topicKey = options.TopicKey ?? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var topic = new LocalEventTopicOptions { Key = topicKey, EventsFile = options.EventsFile, Subscribers = options.Subscribers };

        // The backend's own warnings (a dequeue loop failing, a lease lost) belong on the host's console too.
        var backendLogs = LoggerFactory.Create(logs => logs
            .AddSimpleConsole(console => console.SingleLine = true)
            .SetMinimumLevel(Environment.GetEnvironmentVariable("HEM_BACKEND_LOG_LEVEL") is { } level && Enum.TryParse<LogLevel>(level, out var parsed) ? parsed : LogLevel.Warning));
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // A free port is chosen only after the backend has started, so that little time passes before it is
                // bound; another process can still take it first (tests run side by side), and then the start is tried
                // again whole: the worker starts before the web server, and a new backend gives back any work item it took.
                return await StartOnceAsync(options, () => options.Port != 0 ? options.Port : freePort(), topic, backendLogs, cancellationToken);
            }
            catch (Processes.LocalStackException ex) when (ex.InnerException is IOException && options.Port == 0 && attempt < Processes.LoopbackPorts.TakenPortTries)
            {
                // Chosen again.
            }
        }
    }

    /// <summary>
    /// Waits (up to <paramref name="limit"/>) until a run has ended: its result event is published before the work area
    /// is cleaned up, and stopping the host in between would leave that last step to the next start.
    /// </summary>
    public async Task WaitUntilEndedAsync(string instanceId, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(limit);
        try
        {
            await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: false, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Left for the next start, as after any stop.
        }
    }

    /// <summary>Stops the web app and the worker (running activities are left to the next host), then the durable backend.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _app.StopAsync(cancellationToken);
        }
        finally
        {
            await _sidecar.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.DisposeAsync();
        }
        finally
        {
            await _sidecar.DisposeAsync();
        }
    }

    /// <summary>One try: the backend, then the web app on the port <paramref name="port"/> gives; nothing is left running when it fails.</summary>
    private static async Task<LocalPipelineHost> StartOnceAsync(
        LocalHostOptions options, Func<int> port, LocalEventTopicOptions topic, ILoggerFactory backendLogs, CancellationToken cancellationToken)
    {
        var sidecar = await DurableTaskSidecar.StartAsync(new DurableTaskSidecarOptions(options.StorageConnectionString, options.TaskHub) { LoggerFactory = backendLogs }, cancellationToken);
        try
        {
            int chosen = port();
            var baseUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{chosen}/"));
            var app = Build(options, chosen, baseUrl, topic, sidecar.Address);
            try
            {
                await app.StartAsync(cancellationToken);
                return new LocalPipelineHost(app, sidecar, baseUrl, topic);
            }
            catch (IOException ex)
            {
                await app.DisposeAsync();
                throw new Processes.LocalStackException($"the host cannot listen on 127.0.0.1:{chosen} ({ex.Message}); give another port", ex);
            }
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(LocalHostOptions options, int port, Uri baseUrl, LocalEventTopicOptions topic, Uri sidecar)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(LocalPipelineHost).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.ListenAddress, port));
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(Settings(options, baseUrl, topic));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.ConsoleLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);

        var services = builder.Services;
        services.AddPipelineServices(builder.Configuration, options.WorkRoot);
        services.AddHemHealth(builder.Configuration, "Hem.LocalHost", HealthReporter.VersionOf(typeof(LocalPipelineHost).Assembly));
        services.AddPipelineTelemetry(builder.Configuration, "Hem.LocalHost");
        services.AddSidecarWorkerAndClient(sidecar, tasks => tasks.AddStudyPipeline());
        services.AddLocalEventTopic(topic);
        if (options.WatchIncoming)
        {
            services.AddDevBlobEventSource(new BlobEventSourceOptions { IntakeUrl = new Uri(baseUrl, "api/events"), PollInterval = options.PollInterval });
        }

        var app = builder.Build();
        LocalEndpoints.Map(app);
        app.MapLocalEventTopic();
        return app;
    }

    private static Dictionary<string, string?> Settings(LocalHostOptions options, Uri baseUrl, LocalEventTopicOptions topic) => new()
    {
        [SettingNames.Storage] = options.StorageConnectionString,
        [SettingNames.InferenceBaseUrl] = options.InferenceBaseUrl.AbsoluteUri,
        [SettingNames.InferenceApiKey] = options.InferenceApiKey,
        [SettingNames.DeidentificationKey] = options.DeidentificationKey,
        [SettingNames.ResultTopicEndpoint] = new Uri(baseUrl, topic.Route.TrimStart('/')).AbsoluteUri,
        [SettingNames.ResultTopicKey] = topic.Key,
        [SettingNames.TelemetryConsole] = options.ConsoleTelemetry ? "true" : "false",
    };
}
