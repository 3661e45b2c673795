using System.CommandLine;
using System.IO.Compression;
using Azure.Storage.Blobs;
using Hem.Imaging.Synthetic;
using Hem.LocalHost.Client;
using Hem.LocalHost.Hosting;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem demo</c>: the README's "run the main job". Brings the local stack up (throwaway storage, free loopback
/// ports), makes one synthetic head CT study with a hematoma, drops it into the incoming container as a zip, waits for
/// the Completed event while showing each step, prints the volumes, copies the outputs to a local folder, and stops
/// everything. Exit codes: 0 completed; 4 the run did not complete; 2 the stack could not start.
/// </summary>
public static class DemoCommand
{
    public const string DefaultOutput = "hem-demo";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = $"Where the outputs are copied: a new or empty folder (default {DefaultOutput}).", DefaultValueFactory = _ => DefaultOutput };
        var seed = new Option<long>("--seed") { Description = "The seed of the synthetic study (the same seed makes the same study).", DefaultValueFactory = _ => 7 };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the result event.", DefaultValueFactory = _ => 600 };
        var command = new Command("demo",
            "Run the whole pipeline once on this machine: start Azurite, the inference service and the pipeline host (as `hem up` does, on free loopback ports with throwaway storage), " +
            "upload a synthetic study, wait for the Hem.Prediction.Completed event, print the volumes, copy the outputs to --out, and shut everything down. " +
            "Needs a build of the repository (dotnet build) and Azurite installed (npm ci --prefix tools/azurite). " +
            "Exit codes: 0 completed; 4 the run was rejected or failed; 2 the stack could not start or the output folder is not usable.")
        {
            output, seed, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(output)!, parse.GetValue(seed), TimeSpan.FromSeconds(parse.GetValue(timeout)), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string output, long seed, TimeSpan timeout, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string outputFolder = Path.GetFullPath(output);
        if (Directory.Exists(outputFolder) && Directory.EnumerateFileSystemEntries(outputFolder).Any())
        {
            await stderr.WriteLineAsync($"hem demo: the output folder {outputFolder} exists and is not empty; give a new or empty folder with --out");
            return StackFailures.Unusable;
        }

        string scratch = Directory.CreateTempSubdirectory("hem-demo-").FullName;
        try
        {
            // The steps are shown from the status API; the host's own log lines would drown them, so only its warnings show.
            var options = new LocalStackOptions { DataFolder = Path.Combine(scratch, "stack"), AzuritePorts = null, HostPort = 0, InferencePort = 0, ConsoleLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning };
            LocalStack stack;
            try
            {
                stack = await LocalStack.StartAsync(options, new StackProgressLines(stderr, "hem demo: "), cancellationToken);
            }
            catch (Exception ex) when (StackFailures.IsStartFailure(ex))
            {
                await stderr.WriteLineAsync("hem demo: " + StackFailures.Describe(ex));
                return StackFailures.Unusable;
            }

            await using (stack)
            {
                await stderr.WriteLineAsync($"hem demo: the stack is up (host {stack.Host.BaseUrl}); making a synthetic study (seed {seed})");
                string study = await MakeStudyAsync(scratch, seed, cancellationToken);
                var blobs = new BlobServiceClient(stack.StorageConnectionString);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
                var result = await SubmitCommand.SubmitAndWaitAsync(blobs, http, stack.Host.BaseUrl, new EventsFile(stack.Description.EventsFile), study, null, timeout, stderr, cancellationToken);
                await stdout.WriteLineAsync("result event: " + ResultEventLines.Summary(result));
                int code = await SubmitCommand.ReportAsync(result, blobs, outputFolder, stdout, stderr, cancellationToken);
                await stack.Host.WaitUntilEndedAsync(RunWatcher.InstanceOf(result)!, TimeSpan.FromSeconds(30), cancellationToken);
                await stderr.WriteLineAsync("hem demo: stopping the stack");
                return code == 0 ? 0 : SubmitCommand.Failed;
            }
        }
        catch (Exception ex) when (StackFailures.IsStartFailure(ex))
        {
            await stderr.WriteLineAsync("hem demo: " + StackFailures.Describe(ex));
            return StackFailures.Unusable;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>One 5 mm synthetic case's baseline DICOM series as a zip (fake identity, as a hospital would send it).</summary>
    private static async Task<string> MakeStudyAsync(string scratch, long seed, CancellationToken cancellationToken)
    {
        string cases = Path.Combine(scratch, "synth");
        Directory.CreateDirectory(cases);
        var scan = SyntheticGenerator.Case(seed, 1, ScanProtocol.FiveMillimetre);
        await SyntheticCaseWriter.WriteAsync(cases, seed, 1, scan, new SynthOutputOptions { Nifti = false }, cancellationToken);
        string zip = Path.Combine(scratch, "demo-study.zip");
        await ZipFile.CreateFromDirectoryAsync(Path.Combine(cases, SyntheticGenerator.CaseFolderName(1), "baseline"), zip, CompressionLevel.Fastest, includeBaseDirectory: true, cancellationToken);
        return zip;
    }
}
