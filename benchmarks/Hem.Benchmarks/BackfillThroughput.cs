using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Hem.Imaging.Synthetic;
using Hem.LocalHost.Hosting;
using Hem.Pipeline.Backfill;

namespace Hem.Benchmarks;

/// <summary>
/// `backfill-throughput [studies] [concurrency,...]`: the local stack as `hem demo` starts it (one CPU inference service
/// process), an archive of synthetic research volumes with their baseline masks, and one forced backfill over it per
/// concurrency setting; prints studies per minute for each (docs/PERFORMANCE.md).
/// </summary>
internal static class BackfillThroughput
{
    private const long Seed = 303;

    private const string Archive = "archive";

    public static async Task<int> RunAsync(int studies, IReadOnlyList<int> concurrencies, CancellationToken cancellationToken)
    {
        var c = CultureInfo.InvariantCulture;
        string scratch = Directory.CreateTempSubdirectory("hem-backfill-throughput-").FullName;
        try
        {
            var options = new LocalStackOptions { DataFolder = Path.Combine(scratch, "stack"), AzuritePorts = null, HostPort = 0, InferencePort = 0, ConsoleLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning };
            await using var stack = await LocalStack.StartAsync(options, null, cancellationToken);
            var blobs = new BlobServiceClient(stack.StorageConnectionString);
            await WriteArchiveAsync(blobs.GetBlobContainerClient(Archive), scratch, studies, cancellationToken);
            var runs = (BackfillRuns)stack.Host.Services.GetService(typeof(BackfillRuns))!;
            Console.WriteLine(string.Create(c, $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {studies} synthetic research volumes (hem synth seed {Seed}, 5 mm) with their masks; the inference service on the CPU (one prediction at a time, queue 4)"));
            Console.WriteLine("| concurrency | studies | minutes | studies/min |");
            Console.WriteLine("|---:|---:|---:|---:|");
            foreach (int concurrency in concurrencies)
            {
                var clock = Stopwatch.StartNew();
                var start = await runs.StartAsync(stack.Host.Client, new BackfillRequest { Container = Archive, Force = true, MaxConcurrency = concurrency }, cancellationToken);
                var result = await WaitAsync(stack, start.Id ?? throw new InvalidOperationException(string.Join("; ", start.Problems)), cancellationToken);
                double minutes = clock.Elapsed.TotalMinutes;
                Console.WriteLine(string.Create(c, $"| {concurrency} | {result.Counts.Completed} of {result.Counts.Done} | {minutes:0.00} | {result.Counts.Completed / minutes:0.0} |"));
            }

            return 0;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static async Task<BackfillResult> WaitAsync(LocalStack stack, string id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var done = await stack.Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, cancellationToken);
            if (done.ReadOutputAs<BackfillResult>() is { } result)
            {
                return result;
            }

            // Continued as new after a page: wait for the next execution.
            await Task.Delay(200, cancellationToken);
        }
    }

    private static async Task WriteArchiveAsync(BlobContainerClient archive, string scratch, int studies, CancellationToken cancellationToken)
    {
        await archive.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        string cases = Path.Combine(scratch, "synth");
        for (int n = 1; n <= studies; n++)
        {
            var scan = SyntheticGenerator.Case(Seed, n, ScanProtocol.FiveMillimetre);
            await SyntheticCaseWriter.WriteAsync(cases, Seed, n, scan, new SynthOutputOptions { Dicom = false }, cancellationToken);
            string local = Path.Combine(cases, SyntheticGenerator.CaseFolderName(n));
            await archive.GetBlobClient($"case-{n:0000}.mask.nii.gz").UploadAsync(Path.Combine(local, "baseline.mask.nii.gz"), overwrite: true, cancellationToken);
            await archive.GetBlobClient($"case-{n:0000}.nii.gz").UploadAsync(Path.Combine(local, "baseline.ct.nii.gz"), overwrite: true, cancellationToken);
        }
    }
}
