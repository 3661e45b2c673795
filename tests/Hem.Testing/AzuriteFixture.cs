using System.Diagnostics;
using System.Text;
using Azure.Storage.Blobs;
using Xunit;

namespace Hem.Testing;

/// <summary>
/// Runs the pinned Azurite (tools/azurite) on free loopback ports with a temporary data folder, for the life of
/// a test assembly or collection. Azurite missing is a failure, not a skip: storage tests must not pass without it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's well-known development account; public in Microsoft's documentation, not a secret.
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 3;

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _dataFolder;

    public int BlobPort { get; private set; }

    public int QueuePort { get; private set; }

    public int TablePort { get; private set; }

    public Uri BlobEndpoint => new($"http://127.0.0.1:{BlobPort}/{AccountName}");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public static string AzuriteScript => Path.Combine(RepositoryPaths.Root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");

    public BlobServiceClient CreateBlobServiceClient() => new(ConnectionString);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(AzuriteScript))
        {
            throw new InvalidOperationException(
                "Azurite is not installed. Run `npm ci --prefix tools/azurite` from the repository root (.ci/run does this).");
        }

        for (int attempt = 1; ; attempt++)
        {
            _dataFolder = Directory.CreateTempSubdirectory("hem-azurite-").FullName;
            int[] ports = FreePorts.Take(3);
            (BlobPort, QueuePort, TablePort) = (ports[0], ports[1], ports[2]);
            StartProcess();
            try
            {
                await WaitUntilAnsweringAsync();
                return;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // Most often a port taken between choosing and binding it: choose again.
                await StopAsync();
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void StartProcess()
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
                 {
                     AzuriteScript,
                     "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", _dataFolder!,
                     "--skipApiVersionCheck", "--disableTelemetry", "--silent",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        _output.Clear();
        _process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        int[] ports = [BlobPort, QueuePort, TablePort];
        while (deadline.Elapsed < StartTimeout)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode}: {Output()}");
            }

            if (await AllAnswerAsync(http, ports))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"Azurite did not answer within {StartTimeout.TotalSeconds} s: {Output()}");
    }

    private static async Task<bool> AllAnswerAsync(HttpClient http, int[] ports)
    {
        foreach (int port in ports)
        {
            try
            {
                // Any HTTP answer (Azurite replies 4xx to an unsigned request) means the listener is up.
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/{AccountName}"));
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }

        return true;
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString().Trim();
        }
    }

    private async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
            process.Dispose();
            _process = null;
        }

        if (_dataFolder is not null && Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
            _dataFolder = null;
        }
    }
}
