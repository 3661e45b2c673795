using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Pipeline.Analysis;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// Which orchestration instances analysed a study, and what became of each input. One small blob per run,
/// <c>_runs/{studyKey}/{instanceId}.json</c> in the results container, written once the study key is known: the Durable
/// client finds instances by id only, and a study key is derived during the run, so this is what lets status and rerun
/// take a study key. One per input, <c>_inputs/{inputId}.json</c>: its study key, or its rejection, so a backfill knows
/// which inputs already have results without reading them again. Holds ids, keys, codes and times, nothing else.
/// </summary>
public sealed class StudyRunIndex(BlobServiceClient blobs, StudyPipelineOptions options)
{
    public const string Prefix = "_runs/";

    public const string InputsPrefix = "_inputs/";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task RecordAsync(StudyRunEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        RequireKey(entry.StudyKey);
        var container = blobs.GetBlobContainerClient(options.ResultsContainer);
        await PipelineFailures.ServiceCallAsync("creating the results container", () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        var body = BinaryData.FromObjectAsJson(entry, Json);
        await PipelineFailures.ServiceCallAsync("recording the run", () => container.GetBlobClient(BlobName(entry.StudyKey, entry.InstanceId)).UploadAsync(body, overwrite: true, cancellationToken));
        if (entry.InputId is { } inputId)
        {
            await RecordInputAsync(new InputRecord(inputId, entry.StudyKey, null), cancellationToken);
        }
    }

    /// <summary>Records what became of an input (its study key, its rejection), replacing what an earlier run recorded.</summary>
    public async Task RecordInputAsync(InputRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        RequireInputId(record.InputId);
        var container = blobs.GetBlobContainerClient(options.ResultsContainer);
        await PipelineFailures.ServiceCallAsync("creating the results container", () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        var body = BinaryData.FromObjectAsJson(record, Json);
        await PipelineFailures.ServiceCallAsync("recording the input", () => container.GetBlobClient(InputsPrefix + record.InputId + ".json").UploadAsync(body, overwrite: true, cancellationToken));
    }

    /// <summary>What is recorded of an input, or null when nothing is.</summary>
    public async Task<InputRecord?> FindInputAsync(string inputId, CancellationToken cancellationToken)
    {
        RequireInputId(inputId);
        var blob = blobs.GetBlobContainerClient(options.ResultsContainer).GetBlobClient(InputsPrefix + inputId + ".json");
        try
        {
            var content = await PipelineFailures.ServiceCallAsync("reading the input record", () => blob.DownloadContentAsync(cancellationToken));
            return content.Value.Content.ToObjectFromJson<InputRecord>(Json);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The runs of a study, newest first; empty when none is recorded.</summary>
    public async Task<IReadOnlyList<StudyRunEntry>> FindAsync(string studyKey, CancellationToken cancellationToken)
    {
        RequireKey(studyKey);
        var container = blobs.GetBlobContainerClient(options.ResultsContainer);
        var entries = new List<StudyRunEntry>();
        if (!await PipelineFailures.ServiceCallAsync("reading the results container", () => container.ExistsAsync(cancellationToken)))
        {
            return entries;
        }

        var names = await PipelineFailures.ServiceCallAsync("listing the study's runs", async () =>
        {
            var found = new List<string>();
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = Prefix + studyKey + "/" }, cancellationToken))
            {
                found.Add(item.Name);
            }

            return found;
        });
        foreach (string name in names)
        {
            var content = await PipelineFailures.ServiceCallAsync("reading the study's runs", () => container.GetBlobClient(name).DownloadContentAsync(cancellationToken));
            if (content.Value.Content.ToObjectFromJson<StudyRunEntry>(Json) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return [.. entries.OrderByDescending(e => e.Started).ThenBy(e => e.InstanceId, StringComparer.Ordinal)];
    }

    public static string BlobName(string studyKey, string instanceId) => Prefix + studyKey + "/" + instanceId + ".json";

    private static void RequireInputId(string inputId)
    {
        if (!StudyRuns.IsInstanceId(inputId))
        {
            throw new ArgumentException("not an input id", nameof(inputId));
        }
    }

    private static void RequireKey(string studyKey)
    {
        if (!StudyKeys.IsWellFormed(studyKey))
        {
            throw new ArgumentException("not a study key", nameof(studyKey));
        }
    }
}
