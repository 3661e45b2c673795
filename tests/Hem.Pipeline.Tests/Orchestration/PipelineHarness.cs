using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json;
using Azure.Storage.Blobs;
using Hem.Dicom.Deidentification;
using Hem.Imaging.Synthetic;
using Hem.Inference.Tests;
using Hem.Pipeline.Events;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Tests.Inference;
using Hem.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Tests.Orchestration;

/// <summary>
/// Shared by the orchestration tests: the real inference service (shipped model, CPU) and one synthetic case written
/// as <c>hem synth</c> writes it (5 mm): its baseline DICOM series (also zipped), CT and baseline mask as NIfTI.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public const long RunSeed = 20261126;
    public const int CaseNumber = 3;

    private readonly string _root = Directory.CreateTempSubdirectory("hem-orch-").FullName;

    public ShippedModelService Inference { get; } = new();

    public byte[] StudyZip { get; private set; } = [];

    /// <summary>The case's folder: <c>baseline/</c> (DICOM), <c>baseline.ct.nii.gz</c>, <c>baseline.mask.nii.gz</c>.</summary>
    public string CaseFolder => Path.Combine(_root, SyntheticGenerator.CaseFolderName(CaseNumber));

    public string Root => _root;

    public async ValueTask InitializeAsync()
    {
        var started = Inference.InitializeAsync().AsTask();
        var scan = SyntheticGenerator.Case(RunSeed, CaseNumber, ScanProtocol.FiveMillimetre);
        await SyntheticCaseWriter.WriteAsync(_root, RunSeed, CaseNumber, scan, new SynthOutputOptions());
        string zip = Path.Combine(_root, "study.zip");
        await ZipFile.CreateFromDirectoryAsync(Path.Combine(CaseFolder, "baseline"), zip, CompressionLevel.Fastest, includeBaseDirectory: true);
        StudyZip = await File.ReadAllBytesAsync(zip);
        await started;
    }

    public async ValueTask DisposeAsync()
    {
        await Inference.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }
}

/// <summary>Records the events the orchestration publishes (the Event Grid publisher is tested on its own).</summary>
public sealed class RecordingPublisher : IResultEventPublisher
{
    private readonly ConcurrentQueue<ResultEvent> _events = new();

    public IReadOnlyList<ResultEvent> Events => [.. _events];

    public Task PublishAsync(ResultEvent resultEvent, CancellationToken cancellationToken)
    {
        _events.Enqueue(resultEvent);
        return Task.CompletedTask;
    }

    /// <summary>A property of an event's data as a subscriber reads it: serialised with the events' own JSON options.</summary>
    public static JsonElement Data(ResultEvent resultEvent, string name) => Json(resultEvent).GetProperty(name);

    /// <summary>The event's data as the publisher writes it.</summary>
    public static JsonElement Json(ResultEvent resultEvent)
    {
        ArgumentNullException.ThrowIfNull(resultEvent);
        return JsonSerializer.SerializeToElement(resultEvent.Data, resultEvent.Data.GetType(), EventGridResultPublisher.DataJsonOptions);
    }
}

/// <summary>Counts the requests the inference client sends (attempts), by method.</summary>
public sealed class CountingHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private int _gets;
    private int _posts;

    public int Gets => Volatile.Read(ref _gets);

    public int Posts => Volatile.Read(ref _posts);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref request.Method == HttpMethod.Post ? ref _posts : ref _gets);
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>One Durable Task test host (in-memory backend, real worker over gRPC) running the pipeline, with its own containers.</summary>
public sealed class PipelineRun : IAsyncDisposable
{
    /// <summary>Short intervals so that exhausted retries take about a second: 100 ms, 200 ms, 400 ms.</summary>
    public static readonly PipelineRetry FastRetry = new(4, TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromSeconds(1));

    private readonly HttpClient _http;

    private PipelineRun(DurableTaskTestHost host, HttpClient http, CountingHandler counter, RecordingPublisher publisher, BlobServiceClient blobs, BlobContainerClient incoming, StudyPipelineOptions options)
    {
        Host = host;
        _http = http;
        Requests = counter;
        Publisher = publisher;
        Incoming = incoming;
        Results = blobs.GetBlobContainerClient(options.ResultsContainer);
        Work = blobs.GetBlobContainerClient(options.WorkContainer);
        Rejected = blobs.GetBlobContainerClient(options.RejectedContainer);
        Options = options;
        Runs = new StudyRuns(new StudyRunIndex(blobs, options));
    }

    public DurableTaskTestHost Host { get; }

    public DurableTaskClient Client => Host.Client;

    public CountingHandler Requests { get; }

    public RecordingPublisher Publisher { get; }

    public BlobContainerClient Incoming { get; }

    public BlobContainerClient Results { get; }

    public BlobContainerClient Work { get; }

    public BlobContainerClient Rejected { get; }

    public StudyPipelineOptions Options { get; }

    /// <summary>The status API's logic over this host's client and containers.</summary>
    public StudyRuns Runs { get; }

    public static Task<PipelineRun> StartAsync(AzuriteFixture azurite, Uri inferenceUrl, string workRoot, CancellationToken cancellationToken) =>
        StartAsync(azurite, inferenceUrl, workRoot, tasks => tasks.AddStudyPipeline(), cancellationToken);

    /// <summary>A host whose worker registers what <paramref name="register"/> adds (the pipeline, or a wrapper around its orchestrator).</summary>
    public static async Task<PipelineRun> StartAsync(AzuriteFixture azurite, Uri inferenceUrl, string workRoot, Action<Microsoft.DurableTask.DurableTaskRegistry> register, CancellationToken cancellationToken)
    {
        var blobs = azurite.CreateBlobServiceClient();
        string suffix = Guid.NewGuid().ToString("N")[..10];
        var incoming = blobs.GetBlobContainerClient("incoming-" + suffix);
        await incoming.CreateAsync(cancellationToken: cancellationToken);
        var options = new StudyPipelineOptions(Path.Combine(workRoot, "work-" + suffix), "results-" + suffix, "work-" + suffix, "rejected-" + suffix);
        var counter = new CountingHandler();
        var http = new HttpClient(counter) { Timeout = Timeout.InfiniteTimeSpan };
        var inference = new InferenceClient(http, new InferenceClientOptions(inferenceUrl, InferenceServer.Key, TimeSpan.FromSeconds(60)));
        var publisher = new RecordingPublisher();
        var key = DeidentificationKey.FromBytes(new byte[DeidentificationKey.MinimumBytes]);
        var host = await DurableTaskTestHost.StartAsync(
            register,
            new DurableTaskTestHostOptions
            {
                ConfigureServices = services => services
                    .AddSingleton(blobs)
                    .AddSingleton(inference)
                    .AddSingleton(key)
                    .AddSingleton(options)
                    .AddSingleton(TimeProvider.System)
                    .AddSingleton<StudyRunIndex>()
                    .AddSingleton<IResultEventPublisher>(publisher),
            },
            cancellationToken);
        return new PipelineRun(host, http, counter, publisher, blobs, incoming, options);
    }

    /// <summary>Uploads a study to the incoming container; the input for it, as intake would make it.</summary>
    public async Task<StudyPipelineInput> SubmitAsync(string name, byte[] content, SubmissionKind kind, CancellationToken cancellationToken, string? studyPath = null, string? maskName = null)
    {
        var blob = Incoming.GetBlobClient(name);
        var uploaded = await blob.UploadAsync(BinaryData.FromBytes(content), cancellationToken);
        return new StudyPipelineInput(blob.Uri.AbsoluteUri, Incoming.Name, name, uploaded.Value.ETag.ToString(), kind, studyPath ?? name, maskName, FastRetry);
    }

    /// <summary>Uploads a file as a blob (a study's part that starts nothing: a mask, a folder's DICOM file).</summary>
    public async Task PutAsync(string name, string file, CancellationToken cancellationToken) =>
        await Incoming.GetBlobClient(name).UploadAsync(file, cancellationToken);

    public async Task<OrchestrationMetadata> RunAsync(StudyPipelineInput input, CancellationToken cancellationToken)
    {
        Assert.True(await StudyPipelineStarter.StartOnceAsync(Client, input, cancellationToken));
        return await WaitAsync(input.InstanceId, cancellationToken);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(4));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, limit.Token);
    }

    public Task<List<string>> ResultBlobsAsync(string prefix, CancellationToken cancellationToken) => BlobsAsync(Results, prefix, cancellationToken);

    /// <summary>The names below <paramref name="prefix"/> in a container (none when it does not exist).</summary>
    public static async Task<List<string>> BlobsAsync(BlobContainerClient container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        if (!await container.ExistsAsync(cancellationToken))
        {
            return names;
        }

        await foreach (var item in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }, cancellationToken))
        {
            names.Add(item.Name[prefix.Length..]);
        }

        return names;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        _http.Dispose();
    }
}
