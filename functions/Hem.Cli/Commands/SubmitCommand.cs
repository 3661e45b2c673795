using System.CommandLine;
using Azure.Messaging;
using Azure.Storage.Blobs;
using Hem.LocalHost.Client;
using Hem.LocalHost.Hosting;
using Hem.Pipeline.Events;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem submit &lt;zip|folder|nifti&gt;</c>: uploads a study to the running local stack's incoming container as a
/// hospital system would, waits for its result event (showing each step), prints the outcome, and with <c>--out</c>
/// copies the outputs. Exit codes: 0 completed, 3 rejected, 4 failed, 2 no stack or unusable input.
/// </summary>
public static class SubmitCommand
{
    public const int Rejected = 3;

    public const int Failed = 4;

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The study: a .zip of DICOM files, a folder of DICOM files (uploaded file by file, then its _READY marker), or a research volume NAME.nii[.gz] (with NAME.mask.nii.gz beside it)." };
        var stack = StackOption();
        var name = new Option<string?>("--name") { Description = "The blob name in the incoming container (default: the file or folder name)." };
        var output = new Option<string?>("--out") { Description = "Copy the run's outputs (SEG, NIfTI, volumes.json, report, provenance, de-identified series) to this new or empty folder." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the result event.", DefaultValueFactory = _ => 600 };
        var command = new Command("submit",
            "Upload a study to the running local stack (`hem up`) and wait for its result: the development event source sees the new blob and posts a BlobCreated event to the intake, " +
            "the StudyPipeline runs, and the result event arrives on the local topic. Prints each step while it waits, then the volumes and where the outputs are. " +
            "Exit codes: 0 completed; 3 rejected (code and reason printed); 4 the run failed; 2 no stack is running, the input is unusable, or no result came in time.")
        {
            input, stack, name, output, timeout,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(input)!, parse.GetValue(stack)!, parse.GetValue(name), parse.GetValue(output), TimeSpan.FromSeconds(parse.GetValue(timeout)),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    /// <summary>The <c>--stack</c> option of the commands that talk to a running stack.</summary>
    internal static Option<string> StackOption() =>
        new("--stack") { Description = $"The running stack's folder (the --data of `hem up`, default {UpCommand.DefaultDataFolder}).", DefaultValueFactory = _ => UpCommand.DefaultDataFolder };

    public static async Task<int> RunAsync(string input, string stackFolder, string? name, string? output, TimeSpan timeout, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var stack = await StackDescription.ReadAsync(stackFolder, cancellationToken);
            var blobs = new BlobServiceClient(stack.RequireStorage());
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var run = await SubmitAndWaitAsync(blobs, http, stack.HostUrl, new EventsFile(stack.EventsFile), input, name, timeout, stderr, cancellationToken);
            return await ReportAsync(run, blobs, output, stdout, stderr, cancellationToken);
        }
        catch (Exception ex) when (StackFailures.IsStartFailure(ex))
        {
            await stderr.WriteLineAsync("hem submit: " + StackFailures.Describe(ex));
            return StackFailures.Unusable;
        }
    }

    /// <summary>Uploads the study and waits for its result event, reporting progress on <paramref name="stderr"/>.</summary>
    internal static async Task<CloudEvent> SubmitAndWaitAsync(BlobServiceClient blobs, HttpClient http, Uri hostUrl, EventsFile events, string input, string? name, TimeSpan timeout, TextWriter stderr, CancellationToken cancellationToken)
    {
        long from = events.End();
        var uploaded = await new StudyUploader(blobs).UploadAsync(input, name, cancellationToken);
        await stderr.WriteLineAsync($"uploaded {uploaded.Blobs} blob(s) to incoming; run {uploaded.InstanceId}");
        var watcher = new RunWatcher(http, hostUrl, events);
        return await watcher.WaitAsync(uploaded.InstanceId, from, timeout, new StackProgressLines(stderr, ""), cancellationToken);
    }

    /// <summary>Prints the outcome and copies the outputs; returns the exit code for it.</summary>
    internal static async Task<int> ReportAsync(CloudEvent result, BlobServiceClient blobs, string? output, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        foreach (string line in ResultEventLines.Outcome(result))
        {
            await stdout.WriteLineAsync(line);
        }

        if (ResultEventLines.Completed(result) is { } done)
        {
            if (output is not null)
            {
                int files = await ResultFolderDownload.DownloadAsync(blobs, done.Outputs.Container, done.Outputs.Folder, output, cancellationToken);
                await stdout.WriteLineAsync($"copied {files} files to {Path.GetFullPath(output)}");
            }

            return 0;
        }

        await stderr.WriteLineAsync("the run did not complete: " + result.Type);
        return result.Type == ResultEventTypes.StudyRejected ? Rejected : Failed;
    }
}
