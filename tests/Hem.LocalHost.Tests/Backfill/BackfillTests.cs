using System.Security.Cryptography;
using System.Text.Json;
using Azure.Messaging;
using Azure.Storage.Blobs;
using Hem.Imaging.Evaluation;
using Hem.Imaging.Metrics;
using Hem.LocalHost.Client;
using Hem.LocalHost.Processes;
using Hem.LocalHost.Tests.Hosting;
using Hem.Pipeline.Backfill;
using Hem.Pipeline.Events;
using Hem.Testing;
using Microsoft.DurableTask.Client;

namespace Hem.LocalHost.Tests.Backfill;

/// <summary>
/// Backfills on the local stack, everything real: Azurite, the inference service as its own process, the durable
/// backend, the Backfill orchestration running StudyPipeline sub-orchestrations, the local topic.
/// </summary>
[Collection(LocalStackGroup.Name)]
public sealed class BackfillTests(InferenceServiceFixture inference)
{
    private const string Archive = "archive";

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private readonly string _deidentificationKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_40_study_archive_with_corrupt_studies_is_counted_summarised_and_scored_and_a_second_run_skips_everything()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        var blobs = new BlobServiceClient(storage.Azurite.ConnectionString);
        await SyntheticArchive.WriteAsync(blobs.GetBlobContainerClient(Archive), storage.Folder, nifti: 35, dicom: 2, corrupt: 3, Token);
        await using var host = await StartHostAsync(storage, inference.BaseUrl);

        var first = await RunAsync(host, new BackfillRequest { Container = Archive });

        Assert.Equal(new BackfillCounts(40, 37, 3, 0, 0), first.Counts);
        Assert.False(first.Cancelled);
        var summary = await SummaryAsync(blobs, first);
        Assert.Equal(40, summary.Rows.Count);
        Assert.Equal(3, summary.Rows.Count(r => r.Outcome == BackfillOutcome.Rejected && r.Input.StartsWith("broken/", StringComparison.Ordinal)));
        Assert.Equal(37, summary.Rows.Select(r => r.StudyKey).OfType<string>().Distinct().Count());
        string[] csv = (await DownloadTextAsync(blobs, first.Container, first.SummaryCsv)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(41, csv.Length);
        Assert.StartsWith("input,input_id,instance_id,study_key,outcome,reason,baseline_ml", csv[0], StringComparison.Ordinal);
        await AssertVolumesMatchResultsAsync(blobs, summary);
        await AssertEvaluationMatchesHemEvaluateAsync(blobs, first, summary);

        var events = await EventsAsync(host);
        var completed = Assert.Single(events, e => e.Type == ResultEventTypes.BackfillCompleted);
        var data = completed.Data!.ToObjectFromJson<BackfillCompletedData>(EventGridResultPublisher.DataJsonOptions)!;
        Assert.Equal(new BackfillCompletedData(first.BackfillId, 40, 37, 0, 3, 0, false, first.ModelVersion, "results/" + first.SummaryCsv), data);
        Assert.Equal(37, events.Count(e => e.Type == ResultEventTypes.PredictionCompleted));

        var second = await RunAsync(host, new BackfillRequest { Container = Archive });

        Assert.Equal(new BackfillCounts(40, 0, 0, 0, 40), second.Counts);
        Assert.Equal(37, (await EventsAsync(host)).Count(e => e.Type == ResultEventTypes.PredictionCompleted));
        Assert.Equal(second.EvaluatedCases, first.EvaluatedCases);
    }

    [Fact]
    public async Task Another_model_version_redoes_every_study_and_a_forced_run_redoes_them_again()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        var blobs = new BlobServiceClient(storage.Azurite.ConnectionString);
        await SyntheticArchive.WriteAsync(blobs.GetBlobContainerClient(Archive), storage.Folder, nifti: 3, dicom: 0, corrupt: 0, Token);
        BackfillResult v1;
        await using (var host = await StartHostAsync(storage, inference.BaseUrl))
        {
            v1 = await RunAsync(host, new BackfillRequest { Container = Archive });
        }

        await using var other = await OtherModelVersionAsync(storage.Folder, "1.0.1-test");
        await using var next = await StartHostAsync(storage, other.BaseUrl, other.Key);
        var v2 = await RunAsync(next, new BackfillRequest { Container = Archive });
        var forced = await RunAsync(next, new BackfillRequest { Container = Archive, Force = true });

        Assert.Equal(new BackfillCounts(3, 3, 0, 0, 0), v1.Counts);
        Assert.Equal("1.0.1-test", v2.ModelVersion);
        Assert.Equal(new BackfillCounts(3, 3, 0, 0, 0), v2.Counts);
        Assert.Equal(new BackfillCounts(3, 3, 0, 0, 0), forced.Counts);
        foreach (var row in (await SummaryAsync(blobs, v2)).Rows)
        {
            Assert.True(await blobs.GetBlobContainerClient("results").GetBlobClient($"{row.StudyKey}/1.0.1-test/volumes.json").ExistsAsync(Token));
            Assert.True(await blobs.GetBlobContainerClient("results").GetBlobClient($"{row.StudyKey}/{v1.ModelVersion}/volumes.json").ExistsAsync(Token));
        }
    }

    [Fact]
    public async Task A_host_killed_mid_backfill_of_several_pages_and_started_again_finishes_it_without_duplicate_results()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        var blobs = new BlobServiceClient(storage.Azurite.ConnectionString);
        await SyntheticArchive.WriteAsync(blobs.GetBlobContainerClient(Archive), storage.Folder, nifti: 8, dicom: 0, corrupt: 0, Token);
        string id;
        await using (var first = await StartHostAsync(storage, inference.BaseUrl))
        {
            // Three studies a page: the backfill continues as new twice, once while the host is down.
            id = await StartAsync(first, new BackfillRequest { Container = Archive, MaxConcurrency = 2, PageSize = 3 });
            await WaitForAsync(first, id, p => p.Done >= 2);
        }

        await using var second = await StartHostAsync(storage, inference.BaseUrl);
        var result = await WaitForResultAsync(second, id);

        Assert.Equal(new BackfillCounts(8, 8, 0, 0, 0), result.Counts);
        var events = await EventsAsync(second);
        var runs = events.Where(e => e.Type == ResultEventTypes.PredictionCompleted).Select(RunWatcher.InstanceOf).ToList();
        Assert.Equal(8, runs.Count);
        Assert.Equal(8, runs.Distinct().Count());
        Assert.Single(events, e => e.Type == ResultEventTypes.BackfillCompleted);
        var summary = await SummaryAsync(blobs, result);
        Assert.Equal(8, summary.Rows.Select(r => r.StudyKey).Distinct().Count());
        Assert.Equal(runs.Order(StringComparer.Ordinal), summary.Rows.Select(r => r.InstanceId).Order(StringComparer.Ordinal));
        var pages = new List<string>();
        await foreach (var blob in blobs.GetBlobContainerClient("results").GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = BackfillSummaryWriter.Folder(id) + "rows/" }, Token))
        {
            pages.Add(blob.Name);
        }

        Assert.InRange(pages.Count, 2, 8);
    }

    [Fact]
    public async Task A_cancelled_backfill_starts_no_more_studies_and_summarises_those_that_ran()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        var blobs = new BlobServiceClient(storage.Azurite.ConnectionString);
        await SyntheticArchive.WriteAsync(blobs.GetBlobContainerClient(Archive), storage.Folder, nifti: 6, dicom: 0, corrupt: 0, Token);
        await using var host = await StartHostAsync(storage, inference.BaseUrl);
        string id = await StartAsync(host.Host, new BackfillRequest { Container = Archive, MaxConcurrency = 1 });
        await WaitForAsync(host, id, p => p.Done >= 1);

        Assert.True(await BackfillRuns.CancelAsync(host.Host.Client, id, Token));
        var result = await WaitForResultAsync(host, id);

        Assert.True(result.Cancelled);
        Assert.InRange(result.Counts.Done, 1, 5);
        Assert.Equal(result.Counts.Done, result.Counts.Completed);
        Assert.Equal(result.Counts.Done, (await SummaryAsync(blobs, result)).Rows.Count);
        var data = Assert.Single(await EventsAsync(host), e => e.Type == ResultEventTypes.BackfillCompleted).Data!.ToObjectFromJson<BackfillCompletedData>(EventGridResultPublisher.DataJsonOptions)!;
        Assert.True(data.Cancelled);
        Assert.False(await BackfillRuns.CancelAsync(host.Host.Client, id, Token));
    }

    [Fact]
    public async Task A_request_that_cannot_run_is_refused_before_anything_starts()
    {
        await using var storage = await OwnStorage.StartAsync(Token);
        await using var host = await StartHostAsync(storage, inference.BaseUrl);
        var runs = (BackfillRuns)host.Host.Services.GetService(typeof(BackfillRuns))!;

        var missing = await runs.StartAsync(host.Host.Client, new BackfillRequest { Container = "nothere" }, Token);
        var bad = await runs.StartAsync(host.Host.Client, new BackfillRequest { Container = "Bad_Name", Limit = 0, MaxConcurrency = 1000 }, Token);

        Assert.Null(missing.Id);
        Assert.Contains("does not exist", Assert.Single(missing.Problems), StringComparison.Ordinal);
        Assert.Null(bad.Id);
        Assert.Equal(3, bad.Problems.Count);
        Assert.Null(await BackfillRuns.StatusAsync(host.Host.Client, "backfill-unknown", Token));
        Assert.Null(await BackfillRuns.StatusAsync(host.Host.Client, "../../etc", Token));
    }

    private Task<RunningHost> StartHostAsync(OwnStorage storage, Uri inferenceUrl, string? key = null) =>
        RunningHost.StartAsync(storage, inferenceUrl, key ?? inference.ApiKey, _deidentificationKey, [], watchIncoming: false, Token);

    private static async Task<BackfillResult> RunAsync(RunningHost host, BackfillRequest request) =>
        await WaitForResultAsync(host, await StartAsync(host.Host, request));

    private static async Task<string> StartAsync(Hem.LocalHost.Hosting.LocalPipelineHost host, BackfillRequest request)
    {
        var runs = (BackfillRuns)host.Services.GetService(typeof(BackfillRuns))!;
        var start = await runs.StartAsync(host.Client, request, Token);
        return start.Id ?? throw new InvalidOperationException(string.Join("; ", start.Problems));
    }

    private static Task<string> StartAsync(RunningHost host, BackfillRequest request) => StartAsync(host.Host, request);

    private static async Task<BackfillResult> WaitForResultAsync(RunningHost host, string id)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(Limit);
        while (true)
        {
            // A backfill continues as new after each page: wait until the last execution has completed.
            var done = await host.Host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);
            if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
            {
                throw new InvalidOperationException($"the backfill ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorType} {done.FailureDetails?.ErrorMessage}");
            }

            if (done.ReadOutputAs<BackfillResult>() is { } result)
            {
                return result;
            }

            await Task.Delay(200, limit.Token);
        }
    }

    private static async Task WaitForAsync(RunningHost host, string id, Func<BackfillProgress, bool> condition)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(Limit);
        while (await BackfillRuns.StatusAsync(host.Host.Client, id, limit.Token) is not { Progress: { } progress } || !condition(progress))
        {
            await Task.Delay(200, limit.Token);
        }
    }

    private static async Task<BackfillSummaryDocument> SummaryAsync(BlobServiceClient blobs, BackfillResult result) =>
        JsonSerializer.Deserialize<BackfillSummaryDocument>(await DownloadTextAsync(blobs, result.Container, result.SummaryJson), BackfillSummaryWriter.Json)!;

    private static async Task<string> DownloadTextAsync(BlobServiceClient blobs, string container, string name) =>
        (await blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync(Token)).Value.Content.ToString();

    private static async Task<List<CloudEvent>> EventsAsync(RunningHost host)
    {
        var all = new List<CloudEvent>();
        await foreach (var e in new EventsFile(host.Options.EventsFile).ReadAsync(0, follow: false, Token))
        {
            all.Add(e);
        }

        return all;
    }

    /// <summary>Each completed row's volumes are its results' volumes.json.</summary>
    private static async Task AssertVolumesMatchResultsAsync(BlobServiceClient blobs, BackfillSummaryDocument summary)
    {
        foreach (var row in summary.Rows.Where(r => r.Outcome == BackfillOutcome.Completed))
        {
            using var volumes = JsonDocument.Parse(await DownloadTextAsync(blobs, "results", $"{row.StudyKey}/{row.ModelVersion}/volumes.json"));
            Assert.Equal(volumes.RootElement.GetProperty("baselineVolumeMl").GetDouble(), row.BaselineVolumeMl);
            Assert.Equal(volumes.RootElement.GetProperty("predictedFollowupVolumeMl").GetDouble(), row.PredictedFollowupVolumeMl);
        }
    }

    /// <summary>
    /// The summary's evaluation equals `hem evaluate`'s over the same studies laid out as it reads them: the truth
    /// beside each input, the prediction from its results. So the backfill scored the right files on the right grids.
    /// </summary>
    private static async Task AssertEvaluationMatchesHemEvaluateAsync(BlobServiceClient blobs, BackfillResult result, BackfillSummaryDocument summary)
    {
        string folder = Directory.CreateTempSubdirectory("hem-backfill-eval-").FullName;
        try
        {
            string truth = Path.Combine(folder, "truth");
            string predictions = Path.Combine(folder, "pred");
            int n = 0;
            foreach (var row in summary.Rows.Where(r => r.Outcome == BackfillOutcome.Completed))
            {
                string name = $"case-{++n:0000}";
                string stem = row.Input.EndsWith(".zip", StringComparison.Ordinal) ? row.Input[..^".zip".Length] : row.Input[..^".nii.gz".Length];
                await DownloadAsync(blobs, Archive, stem + ".mask.nii.gz", Path.Combine(truth, name, EvaluationLayout.BaselineMask));
                await DownloadAsync(blobs, Archive, stem + ".followup.mask.nii.gz", Path.Combine(truth, name, EvaluationLayout.FollowupMask));
                await DownloadAsync(blobs, "results", $"{row.StudyKey}/{row.ModelVersion}/prediction.mask.nii.gz", Path.Combine(predictions, name, EvaluationLayout.PredictionMask));
            }

            var evaluation = await DatasetEvaluator.EvaluateAsync(truth, predictions, ExpansionCriterion.Default, Token);

            // Every completed study has its truth beside it, DICOM ones too: the volume built from the series is the
            // grid the generator wrote its masks on, so all 37 are scored.
            Assert.Equal(37, n);
            Assert.Equal(n, summary.EvaluatedCases);
            Assert.Equal(evaluation.Summary.MeanGrowthDice!.Value, summary.Evaluation!.MeanGrowthDice!.Value, 9);
            Assert.Equal(evaluation.Summary.MeanAevMl!.Value, summary.Evaluation.MeanAevMl!.Value, 9);
            Assert.Equal(evaluation.Summary.MeanDice!.Value, summary.Evaluation.MeanDice!.Value, 9);
            Assert.Equal(evaluation.Summary.Expansion.Sensitivity, summary.Evaluation.Expansion.Sensitivity);
            await AssertDiceMatchesNumpyAsync(blobs, result, Path.Combine(truth, "case-0001"), Path.Combine(predictions, "case-0001"));
            Assert.Equal(summary.Evaluation!.MeanGrowthDice, result.MeanGrowthDice);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The first study's Dice in summary.csv equals numpy's over the masks as nibabel reads them.</summary>
    private static async Task AssertDiceMatchesNumpyAsync(BlobServiceClient blobs, BackfillResult result, string truthCase, string predictionCase)
    {
        string python = ExternalTool.RequirePython("nibabel", "numpy");
        const string Script = "import sys, nibabel, numpy\n" +
            "f = numpy.asarray(nibabel.load(sys.argv[1]).dataobj) > 0\n" +
            "p = numpy.asarray(nibabel.load(sys.argv[2]).dataobj) > 0\n" +
            "print(2.0 * numpy.logical_and(f, p).sum() / (f.sum() + p.sum()))\n";
        var run = await ExternalTool.RunAsync(python, ["-c", Script, Path.Combine(truthCase, EvaluationLayout.FollowupMask), Path.Combine(predictionCase, EvaluationLayout.PredictionMask)], TimeSpan.FromMinutes(1), Token);
        Assert.True(run.ExitCode == 0, run.StandardError);
        double numpy = double.Parse(run.StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        string[] lines = (await DownloadTextAsync(blobs, result.Container, result.SummaryCsv)).Split('\n');
        int column = Array.IndexOf(lines[0].Split(','), "dice");
        string first = lines.Skip(1).First(l => l.Contains(",completed,", StringComparison.Ordinal));
        Assert.Equal(numpy, double.Parse(first.Split(',')[column], System.Globalization.CultureInfo.InvariantCulture), 4);
    }

    private static async Task DownloadAsync(BlobServiceClient blobs, string container, string name, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await blobs.GetBlobContainerClient(container).GetBlobClient(name).DownloadToAsync(path, Token);
    }

    /// <summary>The inference service serving a copy of the shipped model whose card names another version.</summary>
    private static async Task<OtherService> OtherModelVersionAsync(string folder, string version)
    {
        var repository = RepositoryLayout.Find()!;
        string model = Path.Combine(folder, "model-" + version);
        foreach (string file in Directory.GetFiles(repository.ShippedModel, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(model, Path.GetRelativePath(repository.ShippedModel, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        string card = Path.Combine(model, "model.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(card, Token))!;
        json["version"] = version;
        await File.WriteAllTextAsync(card, json.ToJsonString(), Token);
        string key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var process = await InferenceProcess.StartOnFreePortAsync(repository.InferenceAssembly(RepositoryLayout.ConfigurationOf(typeof(BackfillTests).Assembly)), model, key, Token);
        return new OtherService(process, key);
    }

    private sealed record OtherService(InferenceProcess Process, string Key) : IAsyncDisposable
    {
        public Uri BaseUrl => Process.BaseUrl;

        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
