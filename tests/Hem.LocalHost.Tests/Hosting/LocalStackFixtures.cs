using System.IO.Compression;
using System.Security.Cryptography;
using Hem.Imaging.Synthetic;
using Hem.LocalHost.Processes;
using Hem.LocalHost.Hosting;
using Hem.Testing;

namespace Hem.LocalHost.Tests.Hosting;

/// <summary>The host tests share one inference service process (the real service, its build, the shipped model) and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class LocalStackGroup : ICollectionFixture<InferenceServiceFixture>
{
    public const string Name = "Local stack";
}

/// <summary>The inference service started the way <c>hem up</c> starts it: its own process, from the repository's build, on a free port.</summary>
public sealed class InferenceServiceFixture : IAsyncLifetime
{
    private InferenceProcess? _process;

    public string ApiKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public Uri BaseUrl => (_process ?? throw new InvalidOperationException("not started")).BaseUrl;

    /// <summary>The repository, and the inference service's assembly in the build of this test's configuration.</summary>
    public static (RepositoryLayout Repository, string Assembly) ServiceBuild()
    {
        var repository = RepositoryLayout.Find() ?? throw new InvalidOperationException("the repository was not found");
        return (repository, repository.InferenceAssembly(RepositoryLayout.ConfigurationOf(typeof(InferenceServiceFixture).Assembly)));
    }

    public async ValueTask InitializeAsync()
    {
        var (repository, assembly) = ServiceBuild();
        _process = await InferenceProcess.StartOnFreePortAsync(assembly, repository.ShippedModel, ApiKey, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}

/// <summary>Synthetic studies as hospitals send them: a case's baseline DICOM series zipped (5 mm, fake identity).</summary>
internal static class SyntheticStudies
{
    public static async Task<string> ZipAsync(string folder, long seed, int caseNumber, CancellationToken cancellationToken)
    {
        string cases = Path.Combine(folder, $"synth-{seed}-{caseNumber}");
        Directory.CreateDirectory(cases);
        var scan = SyntheticGenerator.Case(seed, caseNumber, ScanProtocol.FiveMillimetre);
        await SyntheticCaseWriter.WriteAsync(cases, seed, caseNumber, scan, new SynthOutputOptions { Nifti = false }, cancellationToken);
        string zip = Path.Combine(folder, $"study-{seed}-{caseNumber}.zip");
        await ZipFile.CreateFromDirectoryAsync(Path.Combine(cases, SyntheticGenerator.CaseFolderName(caseNumber), "baseline"), zip, CompressionLevel.Fastest, includeBaseDirectory: true, cancellationToken);
        return zip;
    }
}

/// <summary>One test's own Azurite (own data folder, free ports) and scratch folder, so tests never see each other's blobs.</summary>
internal sealed class OwnStorage : IAsyncDisposable
{
    private OwnStorage(AzuriteServer azurite, string folder)
    {
        Azurite = azurite;
        Folder = folder;
    }

    public AzuriteServer Azurite { get; }

    public string Folder { get; }

    public static async Task<OwnStorage> StartAsync(CancellationToken cancellationToken)
    {
        string folder = Directory.CreateTempSubdirectory("hem-localstack-").FullName;
        var azurite = await AzuriteServer.StartAsync(AzuriteFixture.AzuriteScript, Path.Combine(folder, "azurite"), ports: null, cancellationToken);
        return new OwnStorage(azurite, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}

/// <summary>A local pipeline host as the tests start it (quiet logs, short shutdown), with the options it got.</summary>
internal sealed record RunningHost(LocalPipelineHost Host, LocalHostOptions Options) : IAsyncDisposable
{
    public static async Task<RunningHost> StartAsync(OwnStorage storage, Uri inferenceUrl, string inferenceKey, string deidentificationKey, IReadOnlyList<Uri> subscribers, bool watchIncoming, CancellationToken cancellationToken)
    {
        var options = new LocalHostOptions
        {
            StorageConnectionString = storage.Azurite.ConnectionString,
            InferenceBaseUrl = inferenceUrl,
            InferenceApiKey = inferenceKey,
            DeidentificationKey = deidentificationKey,
            DataFolder = Path.Combine(storage.Folder, "host"),
            Subscribers = subscribers,
            WatchIncoming = watchIncoming,
            PollInterval = TimeSpan.FromMilliseconds(500),
            ShutdownTimeout = TimeSpan.FromSeconds(2),
            ConsoleLogLevel = Environment.GetEnvironmentVariable("HEM_TEST_HOST_LOGS") == "1" ? Microsoft.Extensions.Logging.LogLevel.Information : Microsoft.Extensions.Logging.LogLevel.Warning,
        };
        return new RunningHost(await LocalPipelineHost.StartAsync(options, cancellationToken), options);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
