using Hem.LocalHost.DevEvents;

namespace Hem.LocalHost.Hosting;

/// <summary>What the local pipeline host runs against. Everything it talks to is on loopback.</summary>
public sealed record LocalHostOptions
{
    /// <summary>The task hub the Functions app uses too (host.json), so state is laid out the same way.</summary>
    public const string DefaultTaskHub = "HemPipeline";

    /// <summary>Azurite's connection string: the pipeline's storage and the durable backend's.</summary>
    public required string StorageConnectionString { get; init; }

    /// <summary>The inference service the Predict step calls.</summary>
    public required Uri InferenceBaseUrl { get; init; }

    /// <summary>The inference service's API key.</summary>
    public required string InferenceApiKey { get; init; }

    /// <summary>The de-identification key, base64 of at least 32 bytes (kept across restarts so study keys stay the same).</summary>
    public required string DeidentificationKey { get; init; }

    /// <summary>The folder of the host's own files: the events file and the activities' scratch folders.</summary>
    public required string DataFolder { get; init; }

    /// <summary>The host's HTTP port (intake, status, health, the result topic); 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>
    /// The address the host listens on: loopback. Only a container, whose port is published to the machine's loopback by
    /// its engine, listens on all of its own addresses.
    /// </summary>
    public System.Net.IPAddress ListenAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>The local topic's key; random for each start when null (set it when another process publishes to the topic).</summary>
    public string? TopicKey { get; init; }

    public string TaskHub { get; init; } = DefaultTaskHub;

    /// <summary>Subscriber webhooks the local topic delivers result events to.</summary>
    public IReadOnlyList<Uri> Subscribers { get; init; } = [];

    /// <summary>Whether the development event source watches the incoming container (off: only posted events start runs).</summary>
    public bool WatchIncoming { get; init; } = true;

    /// <summary>How often the event source lists the incoming container.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the host waits for running activities when it stops; they are redone by the next host (at least once).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The least severe log line the host writes to the console (Information shows each activity; Warning only problems).</summary>
    public Microsoft.Extensions.Logging.LogLevel ConsoleLogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;

    /// <summary>Writes the pipeline's traces and metrics to the console.</summary>
    public bool ConsoleTelemetry { get; init; }

    public string EventsFile => Path.Combine(DataFolder, LocalEventTopicOptions.DefaultEventsFileName);

    public string WorkRoot => Path.Combine(DataFolder, "scratch");
}
