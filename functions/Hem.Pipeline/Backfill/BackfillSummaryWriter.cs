using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Imaging.Metrics;
using Hem.Imaging.Nifti;
using Hem.Imaging.Volumes;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Orchestration;

namespace Hem.Pipeline.Backfill;

/// <summary>
/// A backfill's files in the results container, under <c>_backfills/{id}/</c>: the rows of each page as the run goes
/// (<c>rows/page-NNNNNN.json</c>), then <c>summary.csv</c> (one row per study) and <c>summary.json</c> (the same rows, the
/// counts, and <c>hem evaluate</c>'s metrics over the studies whose ground truth lies beside their input,
/// <see cref="BackfillTruth"/>).
/// </summary>
public sealed class BackfillSummaryWriter(BlobServiceClient blobs, StudyPipelineOptions options)
{
    public const string Prefix = "_backfills/";

    public const string CsvFile = "summary.csv";

    public const string JsonFile = "summary.json";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly string[] Columns =
    [
        "input", "input_id", "instance_id", "study_key", "outcome", "reason", "baseline_ml", "predicted_followup_ml", "predicted_growth_ml",
        "he_predicted", "model_version", "started", "finished", "seconds", "true_followup_ml", "dice", "growth_dice", "aev_ml", "hd95_mm", "he_true",
    ];

    public static string Folder(string backfillId) => Prefix + backfillId + "/";

    public async Task WriteRowsAsync(BackfillRowsRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var container = await ResultsAsync(cancellationToken);
        string name = Folder(record.BackfillId) + string.Create(CultureInfo.InvariantCulture, $"rows/page-{record.Page:D6}.json");
        await PipelineFailures.ServiceCallAsync("writing the backfill's rows", () => container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(record.Rows, Json), overwrite: true, cancellationToken));
    }

    public async Task<BackfillResult> WriteSummaryAsync(BackfillSummaryRequest request, string inputContainer, string scratch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var container = await ResultsAsync(cancellationToken);
        var rows = await ReadRowsAsync(container, request, cancellationToken);
        var scored = new List<(BackfillRow Row, CaseMetrics Metrics)>();
        foreach (var row in rows)
        {
            if (await ScoreAsync(container, blobs.GetBlobContainerClient(inputContainer), row, request.ModelVersion, scratch, cancellationToken) is { } metrics)
            {
                scored.Add((row, metrics));
            }
        }

        var metricsByInput = scored.ToDictionary(s => s.Row.InputId, s => s.Metrics);
        var evaluation = scored.Count == 0 ? null : EvaluationSummary.Of([.. scored.Select(s => s.Metrics)]);
        string folder = Folder(request.BackfillId);
        string csv = Csv(rows, metricsByInput);
        var json = new BackfillSummaryDocument(request.BackfillId, request.ModelVersion, request.Counts, request.Cancelled, request.Started, request.Finished, rows, scored.Count, evaluation, ExpansionCriterion.Default.ToString());
        await PipelineFailures.ServiceCallAsync("writing the backfill's summary", () => container.GetBlobClient(folder + CsvFile).UploadAsync(BinaryData.FromString(csv), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" } }, cancellationToken));
        await PipelineFailures.ServiceCallAsync("writing the backfill's summary", () => container.GetBlobClient(folder + JsonFile).UploadAsync(BinaryData.FromObjectAsJson(json, Json), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken));
        return new BackfillResult(request.BackfillId, request.ModelVersion, request.Counts, request.Cancelled, options.ResultsContainer, folder + CsvFile, folder + JsonFile, scored.Count, evaluation?.MeanGrowthDice, evaluation?.MeanAevMl, evaluation?.MeanAaevMl);
    }

    private async Task<BlobContainerClient> ResultsAsync(CancellationToken cancellationToken)
    {
        var container = blobs.GetBlobContainerClient(options.ResultsContainer);
        await PipelineFailures.ServiceCallAsync("creating the results container", () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        return container;
    }

    private static async Task<List<BackfillRow>> ReadRowsAsync(BlobContainerClient container, BackfillSummaryRequest request, CancellationToken cancellationToken)
    {
        var rows = new List<BackfillRow>();
        for (int page = 0; page < request.Pages; page++)
        {
            string name = Folder(request.BackfillId) + string.Create(CultureInfo.InvariantCulture, $"rows/page-{page:D6}.json");
            var content = await PipelineFailures.ServiceCallAsync("reading the backfill's rows", () => container.GetBlobClient(name).DownloadContentAsync(cancellationToken));
            rows.AddRange(content.Value.Content.ToObjectFromJson<List<BackfillRow>>(Json) ?? []);
        }

        return rows;
    }

    /// <summary>The row's metrics against the ground truth beside its input, or null when it has none (or no results to score).</summary>
    private static async Task<CaseMetrics?> ScoreAsync(BlobContainerClient results, BlobContainerClient inputs, BackfillRow row, string modelVersion, string scratch, CancellationToken cancellationToken)
    {
        if (row.StudyKey is not { } key || row.Outcome is not (BackfillOutcome.Completed or BackfillOutcome.Skipped))
        {
            return null;
        }

        var followup = await ReadMaskAsync(inputs.GetBlobClient(BackfillTruth.FollowupBlob(row.Input)), scratch, cancellationToken);
        if (followup is null)
        {
            return null;
        }

        string folder = key + "/" + modelVersion + "/";
        var prediction = await ReadMaskAsync(results.GetBlobClient(folder + AnalysisOutputs.PredictionMaskFile), scratch, cancellationToken);
        var baseline = await ReadMaskAsync(inputs.GetBlobClient(BackfillTruth.BaselineBlob(row.Input)), scratch, cancellationToken)
            ?? await ReadMaskAsync(results.GetBlobClient(folder + AnalysisOutputs.BaselineMaskFile), scratch, cancellationToken);
        if (prediction is null || baseline is null || !MaskGrids.AreSame(baseline.Geometry, followup.Geometry) || !MaskGrids.AreSame(baseline.Geometry, prediction.Geometry))
        {
            // Truth on another grid than the run's cannot be compared voxel by voxel; the row keeps its volumes only.
            return null;
        }

        return CaseEvaluation.Compare(baseline, followup, prediction, ExpansionCriterion.Default);
    }

    private static async Task<Volume<byte>?> ReadMaskAsync(BlobClient blob, string scratch, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(scratch);
        string local = Path.Combine(scratch, Guid.NewGuid().ToString("N") + ".nii.gz");
        try
        {
            await PipelineFailures.ServiceCallAsync("reading a mask", () => blob.DownloadToAsync(local, cancellationToken));
            return (await NiftiReader.ReadAsync(local, cancellationToken: cancellationToken)).ToMask();
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (NiftiFormatException)
        {
            return null;
        }
        finally
        {
            File.Delete(local);
        }
    }

    private static string Csv(List<BackfillRow> rows, Dictionary<string, CaseMetrics> metrics)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append('\n');
        foreach (var row in rows)
        {
            metrics.TryGetValue(row.InputId, out var m);
            string?[] values =
            [
                row.Input, row.InputId, row.InstanceId, row.StudyKey, row.Outcome.ToString().ToLowerInvariant(), row.Reason,
                Number(row.BaselineVolumeMl), Number(row.PredictedFollowupVolumeMl), Number(row.PredictedGrowthMl), Flag(row.HematomaExpansionPredicted),
                row.ModelVersion, Time(row.Started), Time(row.Finished), Number(row.Seconds),
                Number(m?.FollowupMl), Number(m?.Dice), Number(m?.GrowthDice), Number(m?.AevMl), m is null || !double.IsFinite(m.Hd95Mm) ? null : Number(m.Hd95Mm), Flag(m?.TrueExpansion),
            ];
            text.AppendJoin(',', values.Select(Field)).Append('\n');
        }

        return text.ToString();
    }

    private static string? Number(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture);

    private static string? Flag(bool? value) => value is null ? null : value.Value ? "true" : "false";

    private static string? Time(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled.</summary>
    private static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>
/// <c>summary.json</c>: the backfill's counts and rows, and when ground truth was present the evaluation over the studies
/// it scored (<c>hem evaluate</c>'s summary: Dice, growth Dice (DOC), AEV, AAEV, HD95, HE classification).
/// </summary>
public sealed record BackfillSummaryDocument(
    string BackfillId,
    string ModelVersion,
    BackfillCounts Counts,
    bool Cancelled,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    IReadOnlyList<BackfillRow> Rows,
    int EvaluatedCases,
    EvaluationSummary? Evaluation,
    string ExpansionCriterion);
