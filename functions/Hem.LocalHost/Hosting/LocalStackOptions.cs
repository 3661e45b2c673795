using Hem.LocalHost.Processes;

namespace Hem.LocalHost.Hosting;

/// <summary>What <c>hem up</c> and <c>hem demo</c> start, and where.</summary>
public sealed record LocalStackOptions
{
    /// <summary>The stack's folder: Azurite's data, the de-identification key, the events file, <c>stack.json</c>.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Azurite's ports; an Azurite already answering there is used, else one is started there. Null: free ports, always a new Azurite.</summary>
    public AzuritePorts? AzuritePorts { get; init; } = AzuriteServer.DefaultPorts;

    /// <summary>
    /// Storage to use instead of an Azurite on loopback (a container's Azurite, e.g. <c>BlobEndpoint=http://azurite:10000/...</c>);
    /// <see cref="AzuritePorts"/> is then not used.
    /// </summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>The address the host listens on (<see cref="LocalHostOptions.ListenAddress"/>).</summary>
    public System.Net.IPAddress ListenAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>The local topic's key (<see cref="LocalHostOptions.TopicKey"/>).</summary>
    public string? TopicKey { get; init; }

    /// <summary>The host's port; 0 picks a free one.</summary>
    public int HostPort { get; init; } = 7071;

    /// <summary>The inference service's port when the stack starts it; 0 picks a free one.</summary>
    public int InferencePort { get; init; } = 5080;

    /// <summary>A running inference service to use instead of starting one (with <see cref="InferenceApiKey"/>).</summary>
    public Uri? InferenceUrl { get; init; }

    public string? InferenceApiKey { get; init; }

    /// <summary>The model folder the started inference service serves; the repository's shipped model when null.</summary>
    public string? ModelFolder { get; init; }

    /// <summary>The inference service's assembly; the repository's build (hem's own configuration) when null.</summary>
    public string? InferenceAssembly { get; init; }

    /// <summary>A file with the de-identification key (base64 of at least 32 bytes); <c>deidentification.key</c> in the data folder (made once) when null.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Subscriber webhooks for result events.</summary>
    public IReadOnlyList<Uri> Subscribers { get; init; } = [];

    public bool ConsoleTelemetry { get; init; }

    /// <summary>The host's console log level (<see cref="LocalHostOptions.ConsoleLogLevel"/>).</summary>
    public Microsoft.Extensions.Logging.LogLevel ConsoleLogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Information;
}
