using Azure.Storage.Blobs;
using Hem.LocalHost.Processes;
using Xunit;

namespace Hem.Testing;

/// <summary>
/// Runs the pinned Azurite (tools/azurite) on free loopback ports with a temporary data folder, for the life of a test
/// assembly or collection, through the local stack's own <see cref="AzuriteServer"/>. Azurite missing is a failure,
/// not a skip: storage tests must not pass without it.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = AzuriteServer.AccountName;
    public const string AccountKey = AzuriteServer.AccountKey;

    private AzuriteServer? _server;
    private string? _dataFolder;

    private AzuriteServer Server => _server ?? throw new InvalidOperationException("the Azurite fixture has not started");

    public int BlobPort => Server.Ports.Blob;

    public int QueuePort => Server.Ports.Queue;

    public int TablePort => Server.Ports.Table;

    public Uri BlobEndpoint => Server.BlobEndpoint;

    public string ConnectionString => Server.ConnectionString;

    public static string AzuriteScript => Path.Combine(RepositoryPaths.Root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>The data folder, for a test that restarts Azurite on the same data.</summary>
    public string DataFolder => _dataFolder ?? throw new InvalidOperationException("the Azurite fixture has not started");

    public BlobServiceClient CreateBlobServiceClient() => new(ConnectionString);

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(AzuriteScript))
        {
            throw new InvalidOperationException(
                "Azurite is not installed. Run `npm ci --prefix tools/azurite` from the repository root (.ci/run does this).");
        }

        _dataFolder = Directory.CreateTempSubdirectory("hem-azurite-").FullName;
        _server = await AzuriteServer.StartAsync(AzuriteScript, _dataFolder, ports: null, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        if (_dataFolder is not null && Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
            _dataFolder = null;
        }
    }
}
