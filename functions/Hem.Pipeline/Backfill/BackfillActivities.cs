using Azure.Storage.Blobs;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Orchestration;
using Microsoft.Extensions.Logging;

namespace Hem.Pipeline.Backfill;

/// <summary>How many studies the backfill covers (the progress's total).</summary>
public sealed class CountBackfillInputs(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<CountBackfillInputs> logger)
    : PipelineActivity<BackfillRequest, int>(options, logger)
{
    protected override Task<int> RunStepAsync(ActivityRun run, BackfillRequest input, CancellationToken cancellationToken) =>
        new BackfillLister(blobs).CountAsync(input, cancellationToken);
}

/// <summary>The next page of the backfill's studies.</summary>
public sealed class ListBackfillInputs(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<ListBackfillInputs> logger)
    : PipelineActivity<BackfillListing, BackfillPage>(options, logger)
{
    protected override Task<BackfillPage> RunStepAsync(ActivityRun run, BackfillListing input, CancellationToken cancellationToken) =>
        new BackfillLister(blobs).ListPageAsync(input.Request, input.ContinuationToken, input.PageSize, cancellationToken);
}

/// <summary>The model the inference service serves now, as results name it (the backfill's model version).</summary>
public sealed class DescribeServedModel(InferenceClient inference, StudyPipelineOptions options, ILogger<DescribeServedModel> logger)
    : PipelineActivity<string, ModelIdentity>(options, logger)
{
    protected override async Task<ModelIdentity> RunStepAsync(ActivityRun run, string input, CancellationToken cancellationToken) =>
        (await ServedModelCard.ReadAsync(inference, cancellationToken)).Description.Identity;
}

/// <summary>
/// Which inputs of a page an earlier run already dealt with: results for the model version (their study key and
/// volumes), or a rejection (validation does not depend on the model). Those are skipped unless the backfill is forced.
/// </summary>
public sealed class FindProcessedInputs(BlobServiceClient blobs, StudyRunIndex index, StudyPipelineOptions options, ILogger<FindProcessedInputs> logger)
    : PipelineActivity<ProcessedInputsQuery, IReadOnlyList<ProcessedInput>>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<IReadOnlyList<ProcessedInput>> RunStepAsync(ActivityRun run, ProcessedInputsQuery input, CancellationToken cancellationToken)
    {
        var results = blobs.GetBlobContainerClient(_options.ResultsContainer);
        var found = new List<ProcessedInput>();
        foreach (string inputId in input.InputIds)
        {
            var record = await index.FindInputAsync(inputId, cancellationToken);
            if (record is { RejectionCode: { } code })
            {
                found.Add(new ProcessedInput(inputId, record.StudyKey, null, null, null, code));
            }
            else if (record is { StudyKey: { } key } && await ReadVolumesAsync(results, key + "/" + input.ModelVersion + "/" + VolumeSummary.FileName, cancellationToken) is { } volumes)
            {
                found.Add(new ProcessedInput(inputId, key, volumes.BaselineVolumeMl, volumes.PredictedFollowupVolumeMl, volumes.HematomaExpansionPredicted, null));
            }
        }

        return found;
    }

    private static async Task<VolumeSummary?> ReadVolumesAsync(BlobContainerClient results, string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = await PipelineFailures.ServiceCallAsync("reading earlier results", () => results.GetBlobClient(name).DownloadContentAsync(cancellationToken));
            return content.Value.Content.ToObjectFromJson<VolumeSummary>(VolumeSummary.Json);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}

/// <summary>Stores a page's rows (<see cref="BackfillSummaryWriter"/>).</summary>
public sealed class RecordBackfillRows(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<RecordBackfillRows> logger)
    : PipelineActivity<BackfillRowsRecord, bool>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override async Task<bool> RunStepAsync(ActivityRun run, BackfillRowsRecord input, CancellationToken cancellationToken)
    {
        await new BackfillSummaryWriter(blobs, _options).WriteRowsAsync(input, cancellationToken);
        return true;
    }
}

/// <summary><c>WriteBackfillSummary</c>'s input: the summary request and the container the inputs (and any ground truth) lie in.</summary>
public sealed record BackfillSummaryJob(BackfillSummaryRequest Summary, string InputContainer);

/// <summary>Writes <c>summary.csv</c> and <c>summary.json</c> with the evaluation where ground truth is present.</summary>
public sealed class WriteBackfillSummary(BlobServiceClient blobs, StudyPipelineOptions options, ILogger<WriteBackfillSummary> logger)
    : PipelineActivity<BackfillSummaryJob, BackfillResult>(options, logger)
{
    private readonly StudyPipelineOptions _options = options;

    protected override Task<BackfillResult> RunStepAsync(ActivityRun run, BackfillSummaryJob input, CancellationToken cancellationToken) =>
        new BackfillSummaryWriter(blobs, _options).WriteSummaryAsync(input.Summary, input.InputContainer, run.Folder("masks"), cancellationToken);
}
