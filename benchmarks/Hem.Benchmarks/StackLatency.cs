using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Azure.Storage.Blobs;
using Hem.Imaging.Synthetic;
using Hem.LocalHost.Client;
using Hem.LocalHost.Hosting;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Events;

namespace Hem.Benchmarks;

/// <summary>
/// `stack-latency [studies]`: the local stack as `hem demo` starts it (Azurite, the inference service process, the
/// pipeline host), then synthetic studies uploaded one after another; for each, the time from the start of the upload
/// to the Completed event's publication, how much of it came before the run started (event source poll, intake), and
/// the analysis steps' own times from provenance.json. The rest is the orchestration's (queues, history, blob hand-offs).
/// </summary>
internal static class StackLatency
{
    private const long Seed = 101;

    public static async Task<int> RunAsync(int studies, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        string scratch = Directory.CreateTempSubdirectory("hem-stack-latency-").FullName;
        try
        {
            var zips = new List<string>();
            for (int n = 1; n <= studies; n++)
            {
                zips.Add(await ZipAsync(scratch, n, cancellationToken));
            }

            var options = new LocalStackOptions { DataFolder = Path.Combine(scratch, "stack"), AzuritePorts = null, HostPort = 0, InferencePort = 0, ConsoleLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning };
            await using var stack = await LocalStack.StartAsync(options, null, cancellationToken);
            var blobs = new BlobServiceClient(stack.StorageConnectionString);
            var uploader = new StudyUploader(blobs);
            var events = new EventsFile(stack.Description.EventsFile);
            using var http = new HttpClient();
            var watcher = new RunWatcher(http, stack.Host.BaseUrl, events);
            Console.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {studies} studies (hem synth seed {Seed}, 5 mm), one at a time"));
            var runs = new List<RunTiming>();
            foreach (string zip in zips)
            {
                long from = events.End();
                var started = DateTimeOffset.UtcNow;
                var uploaded = await uploader.UploadAsync(zip, null, cancellationToken);
                var result = await watcher.WaitAsync(uploaded.InstanceId, from, TimeSpan.FromMinutes(5), null, cancellationToken);
                if (result.Type != ResultEventTypes.PredictionCompleted)
                {
                    Console.Error.WriteLine($"stack-latency: a run ended with {result.Type}");
                    return 1;
                }

                var done = result.Data!.ToObjectFromJson<PredictionCompletedData>(EventGridResultPublisher.DataJsonOptions)!;
                var instance = await stack.Host.Client.GetInstanceAsync(uploaded.InstanceId, cancellationToken);
                await stack.Host.WaitUntilEndedAsync(uploaded.InstanceId, TimeSpan.FromSeconds(30), cancellationToken);
                var provenance = (await blobs.GetBlobContainerClient(done.Outputs.Container).GetBlobClient(done.Outputs.Folder + AnalysisProvenance.FileName).DownloadContentAsync(cancellationToken)).Value.Content;
                var steps = provenance.ToObjectFromJson<AnalysisProvenance>(VolumeSummary.Json)!.Steps;
                var timing = new RunTiming(
                    (result.Time!.Value - started).TotalMilliseconds,
                    (instance!.CreatedAt - started).TotalMilliseconds,
                    steps.ToDictionary(s => s.Step, s => s.Milliseconds));
                runs.Add(timing);
                Console.WriteLine(string.Create(c, $"study {runs.Count}: {timing.TotalMs:0} ms to the Completed event ({timing.BeforeRunMs:0} ms before the run started, {timing.Steps.Values.Sum():0} ms in analysis steps)"));
            }

            Print(runs, c);
            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void Print(List<RunTiming> runs, CultureInfo c)
    {
        Console.WriteLine();
        Console.WriteLine("| upload to Completed event | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        Row("total", runs.Select(r => r.TotalMs));
        Row("before the run started (event source poll, intake)", runs.Select(r => r.BeforeRunMs));
        Row("orchestration (queues, history, blob hand-offs)", runs.Select(r => r.TotalMs - r.BeforeRunMs - r.Steps.Values.Sum()));
        foreach (string step in runs[0].Steps.Keys)
        {
            Row("step " + step, runs.Select(r => r.Steps.GetValueOrDefault(step)));
        }

        void Row(string what, IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            Console.WriteLine(string.Create(c, $"| {what} | {Percentile(sorted, 50):0} | {Percentile(sorted, 95):0} | {sorted[^1]:0} |"));
        }
    }

    /// <summary>Nearest rank, as the other benchmarks here.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];

    private static async Task<string> ZipAsync(string folder, int caseNumber, CancellationToken cancellationToken)
    {
        string cases = Path.Combine(folder, "synth");
        var scan = SyntheticGenerator.Case(Seed, caseNumber, ScanProtocol.FiveMillimetre);
        await SyntheticCaseWriter.WriteAsync(cases, Seed, caseNumber, scan, new SynthOutputOptions { Nifti = false }, cancellationToken);
        string zip = Path.Combine(folder, $"study-{caseNumber}.zip");
        await ZipFile.CreateFromDirectoryAsync(Path.Combine(cases, SyntheticGenerator.CaseFolderName(caseNumber), "baseline"), zip, CompressionLevel.Fastest, includeBaseDirectory: true, cancellationToken);
        return zip;
    }

    private sealed record RunTiming(double TotalMs, double BeforeRunMs, IReadOnlyDictionary<string, double> Steps);
}
