using System.Diagnostics;
using System.Globalization;

namespace Hem.LocalHost.Processes;

/// <summary>
/// Azurite, the storage emulator (the pinned npm package in <c>tools/azurite</c>), as a child process on 127.0.0.1 with
/// its data in a folder of the caller's (kept across restarts when the caller keeps it), telemetry off; or an Azurite
/// that already runs on the default ports. Stopping stops only an Azurite this started.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account (public in Microsoft's documentation, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Azurite's default blob, queue and table ports.</summary>
    public static readonly AzuritePorts DefaultPorts = new(10000, 10001, 10002);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess? _process;

    private AzuriteServer(AzuritePorts ports, ChildProcess? process)
    {
        Ports = ports;
        _process = process;
    }

    public AzuritePorts Ports { get; }

    /// <summary>Whether this object started the process (and so stops it).</summary>
    public bool Started => _process is not null;

    public Uri BlobEndpoint => new($"http://127.0.0.1:{Ports.Blob}/{AccountName}");

    public string ConnectionString => ConnectionStringFor(Ports);

    /// <summary>Whether a connection string names Azurite's development account with its published key (so it holds no secret).</summary>
    public static bool IsDevelopmentAccount(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return connectionString.Trim().Equals("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || (parts.GetValueOrDefault("AccountName") == AccountName && parts.GetValueOrDefault("AccountKey") == AccountKey);
    }

    public static string ConnectionStringFor(AzuritePorts ports)
    {
        ArgumentNullException.ThrowIfNull(ports);
        return string.Create(CultureInfo.InvariantCulture, $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};") +
            string.Create(CultureInfo.InvariantCulture, $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{AccountName};") +
            string.Create(CultureInfo.InvariantCulture, $"QueueEndpoint=http://127.0.0.1:{ports.Queue}/{AccountName};") +
            string.Create(CultureInfo.InvariantCulture, $"TableEndpoint=http://127.0.0.1:{ports.Table}/{AccountName};");
    }

    /// <summary>
    /// Starts Azurite from <paramref name="script"/> with its data in <paramref name="dataFolder"/>, on
    /// <paramref name="ports"/>, or on free ports (chosen again if one is taken before Azurite binds it) when null.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(string script, string dataFolder, AzuritePorts? ports, CancellationToken cancellationToken)
    {
        if (!File.Exists(script))
        {
            throw new LocalStackException("Azurite is not installed: run `npm ci --prefix tools/azurite` in the repository (Node.js 20 or later).");
        }

        Directory.CreateDirectory(dataFolder);
        for (int attempt = 1; ; attempt++)
        {
            var chosen = ports ?? AzuritePorts.Free();
            var process = ChildProcess.Start("node", Arguments(script, dataFolder, chosen));
            try
            {
                await WaitUntilAnsweringAsync(chosen, process, cancellationToken);
                return new AzuriteServer(chosen, process);
            }
            catch (LocalStackException) when (ports is null && attempt < LoopbackPorts.TakenPortTries)
            {
                // Most often a port taken between choosing and binding it: choose again.
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>An Azurite already answering on <paramref name="ports"/>, or null when none does.</summary>
    public static async Task<AzuriteServer?> FindRunningAsync(AzuritePorts ports, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ports);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        return await AllAnswerAsync(http, ports, cancellationToken) ? new AzuriteServer(ports, null) : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }

    private static string[] Arguments(string script, string dataFolder, AzuritePorts ports) =>
    [
        script,
        "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(CultureInfo.InvariantCulture),
        "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(CultureInfo.InvariantCulture),
        "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(CultureInfo.InvariantCulture),
        "--location", dataFolder,
        "--skipApiVersionCheck", "--disableTelemetry", "--silent",
    ];

    private static async Task WaitUntilAnsweringAsync(AzuritePorts ports, ChildProcess process, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                throw new LocalStackException($"Azurite exited with code {process.ExitCode}: {process.OutputTail()}");
            }

            if (await AllAnswerAsync(http, ports, cancellationToken))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new LocalStackException($"Azurite did not answer within {StartTimeout.TotalSeconds} s: {process.OutputTail()}");
    }

    private static async Task<bool> AllAnswerAsync(HttpClient http, AzuritePorts ports, CancellationToken cancellationToken)
    {
        foreach (int port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            try
            {
                // Any HTTP answer (Azurite replies 4xx to an unsigned request) means the listener is up.
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{AccountName}"), cancellationToken);
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Azurite's three loopback ports.</summary>
public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static AzuritePorts Free()
    {
        int[] ports = LoopbackPorts.TakeFree(3);
        return new AzuritePorts(ports[0], ports[1], ports[2]);
    }
}

/// <summary>The local stack cannot start or run; the message says what to do, and names no patient data.</summary>
public sealed class LocalStackException : Exception
{
    public LocalStackException()
    {
    }

    public LocalStackException(string message)
        : base(message)
    {
    }

    public LocalStackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
