using System.Text.Json;
using Hem.Pipeline.Analysis;
using Hem.Testing;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// The README's "run the main job": <c>hem demo</c> as a user runs it on a fresh clone, with nothing started: it starts
/// Azurite from tools/azurite, the inference service from its build and the pipeline host, runs a synthetic study
/// through the event pipeline and stops everything.
/// </summary>
public sealed class LocalStackCommandTests
{
    [Fact]
    public async Task Demo_runs_a_synthetic_study_through_the_local_stack_and_copies_its_outputs()
    {
        string output = Path.Combine(Directory.CreateTempSubdirectory("hem-demo-test-").FullName, "out");
        try
        {
            var (code, stdout, stderr) = await RunAsync("demo", "--out", output);

            Assert.True(code == 0, $"exit code {code}: {stderr}");
            Assert.Contains("Hem.Prediction.Completed", stdout, StringComparison.Ordinal);
            Assert.Contains("baseline hematoma", stdout, StringComparison.Ordinal);
            Assert.Contains("outputs: results/", stdout, StringComparison.Ordinal);
            foreach (string step in new[] { "step validate", "step deidentify", "step predict", "step write" })
            {
                Assert.Contains(step, stderr, StringComparison.Ordinal);
            }

            var volumes = JsonSerializer.Deserialize<VolumeSummary>(await File.ReadAllTextAsync(Path.Combine(output, VolumeSummary.FileName), TestContext.Current.CancellationToken), VolumeSummary.Json)!;
            Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"baseline hematoma {volumes.BaselineVolumeMl:0.0} mL"), stdout, StringComparison.Ordinal);
            Assert.InRange(volumes.BaselineVolumeMl, 1, 150);
            foreach (string file in new[] { "prediction.seg.dcm", "report.pdf", "report.html", "provenance.json", "baseline.mask.nii.gz", "prediction.mask.nii.gz" })
            {
                Assert.True(File.Exists(Path.Combine(output, file)), file);
            }

            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, DicomStudyLoader.DeidentifiedFolder)));
            await AssertNothingLeftRunningAsync(stderr);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public async Task Demo_refuses_an_output_folder_that_is_not_empty_before_starting_anything()
    {
        string output = Directory.CreateTempSubdirectory("hem-demo-test-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(output, "keep.txt"), "mine", TestContext.Current.CancellationToken);

            await RefusedAsync("demo", "is not empty", "--out", output);

            Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact]
    public async Task Submit_and_events_without_a_running_stack_say_how_to_start_one()
    {
        string empty = Directory.CreateTempSubdirectory("hem-nostack-").FullName;
        try
        {
            await RefusedAsync("submit", "hem up", Path.Combine(empty, "study.zip"), "--stack", empty);
            await RefusedAsync("events", "hem up", "--stack", empty);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Theory]
    [InlineData("up", "--azurite-port")]
    [InlineData("demo", "--out")]
    [InlineData("submit", "--stack")]
    [InlineData("events", "--all")]
    public async Task The_local_stack_commands_explain_themselves(string command, string option)
    {
        var (code, output, _) = await RunAsync(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("Exit codes", output, StringComparison.Ordinal);
    }

    /// <summary>The demo's Azurite and inference service processes are gone: nothing answers on the ports it printed.</summary>
    private static async Task AssertNothingLeftRunningAsync(string stderr)
    {
        var host = System.Text.RegularExpressions.Regex.Match(stderr, @"host (http://127\.0\.0\.1:\d+/)");
        Assert.True(host.Success, "the demo names its host");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync(new Uri(new Uri(host.Groups[1].Value), "api/health"), TestContext.Current.CancellationToken));
    }
}

/// <summary><c>hem up</c> until cancelled (Ctrl+C), with <c>hem submit</c> and <c>hem events</c> against it.</summary>
public sealed class UpSubmitEventsTests
{
    [Fact]
    public async Task Up_serves_submit_and_events_until_cancelled_then_stops_and_removes_its_stack_file()
    {
        var token = TestContext.Current.CancellationToken;
        string folder = Directory.CreateTempSubdirectory("hem-up-test-").FullName;
        string stack = Path.Combine(folder, "stack");
        string output = Path.Combine(folder, "out");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var upOut = new StringWriter();
        using var upErr = new StringWriter();
        try
        {
            var up = HemCommandLine.Create().Parse(["up", "--data", stack, "--port", "0", "--azurite-port", "0", "--inference-port", "0"])
                .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = TextWriter.Synchronized(upOut), Error = TextWriter.Synchronized(upErr) }, stop.Token);
            string stackFile = Path.Combine(stack, "stack.json");
            while (!File.Exists(stackFile))
            {
                Assert.False(up.IsCompleted, "hem up ended early: " + upErr);
                await Task.Delay(100, token);
            }

            string study = await StudyZipAsync(folder, token);
            var (code, stdout, stderr) = await CliRun.RunAsync("submit", study, "--stack", stack, "--out", output);
            var (backfillCode, backfill, backfillError) = await CliRun.RunAsync("backfill", "start", "--stack", stack, "--container", "incoming");
            var (eventsCode, events, _) = await CliRun.RunAsync("events", "--stack", stack, "--all", "--no-follow");

            Assert.True(code == 0, $"exit code {code}: {stderr}");
            Assert.Contains("baseline hematoma", stdout, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(output, VolumeSummary.FileName)));
            Assert.True(backfillCode == 0, backfillError);
            Assert.Contains("1 studies: 0 completed, 0 rejected, 0 failed, 1 skipped", backfill, StringComparison.Ordinal);
            Assert.Matches(@"summary: results/_backfills/backfill-[0-9a-z-]+/summary\.csv", backfill);
            string id = System.Text.RegularExpressions.Regex.Match(backfill, "backfill (backfill-[0-9a-z-]+)").Groups[1].Value;
            var (statusCode, status, _) = await CliRun.RunAsync("backfill", "status", id, "--stack", stack);
            Assert.Equal(0, statusCode);
            Assert.Contains("completed", status, StringComparison.Ordinal);
            var (cancelCode, _, cancelError) = await CliRun.RunAsync("backfill", "cancel", id, "--stack", stack);
            Assert.Equal(2, cancelCode);
            Assert.StartsWith("hem backfill cancel: No backfill by this id is running", cancelError, StringComparison.Ordinal);
            var (missingCode, _, missingError) = await CliRun.RunAsync("backfill", "start", "--stack", stack, "--container", "nosuchcontainer");
            Assert.Equal(2, missingCode);
            Assert.Contains("the container 'nosuchcontainer' does not exist", missingError, StringComparison.Ordinal);
            Assert.Equal(0, eventsCode);
            Assert.Single(events.Trim().Split('\n'), line => line.Contains("Hem.Prediction.Completed", StringComparison.Ordinal));
            Assert.Single(events.Trim().Split('\n'), line => line.Contains("Hem.Backfill.Completed", StringComparison.Ordinal));
            foreach (string part in new[] { "pipeline host", "result topic", "durable backend", "Azurite", "inference service" })
            {
                Assert.Contains(part, upOut.ToString(), StringComparison.Ordinal);
            }

            await stop.CancelAsync();
            Assert.Equal(0, await up);
            Assert.False(File.Exists(stackFile), "the stack file is removed when the stack stops");
            Assert.Contains("hem up: stopped", upErr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await stop.CancelAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> StudyZipAsync(string folder, CancellationToken cancellationToken)
    {
        var (code, _, error) = await CliRun.RunAsync("synth", "--out", Path.Combine(folder, "synth"), "--cases", "1", "--seed", "5", "--format", "dicom");
        Assert.True(code == 0, error);
        string zip = Path.Combine(folder, "study.zip");
        await System.IO.Compression.ZipFile.CreateFromDirectoryAsync(Path.Combine(folder, "synth", "case-0001", "baseline"), zip, System.IO.Compression.CompressionLevel.Fastest, includeBaseDirectory: false, cancellationToken);
        return zip;
    }
}
