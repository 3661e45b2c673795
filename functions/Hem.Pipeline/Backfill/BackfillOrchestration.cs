using System.Security.Cryptography;
using System.Text;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Events;
using Hem.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Backfill;

/// <summary>
/// The <c>Backfill</c> orchestration: the request's studies, a page at a time, each run as a <see cref="StudyPipeline"/>
/// sub-orchestration, at most <see cref="BackfillState.MaxConcurrency"/> at once; studies an earlier run already dealt
/// with (results for the served model version, or a rejection) are skipped unless forced. After each page its rows are
/// stored and the orchestration continues as new with its counts, so its history holds one page
/// (<see cref="BackfillRequest.PageSize"/>) however large the archive. A study that fails or is rejected is a row, not a stop. The <see cref="CancelEvent"/> event stops new
/// studies from starting; those running finish. At the end: <c>summary.csv</c> and <c>summary.json</c> (with
/// <c>hem evaluate</c>'s metrics where ground truth is present) and <c>Hem.Backfill.Completed</c>. The custom status is
/// a <see cref="BackfillProgress"/>. Deterministic: the study runs' ids derive from the backfill id and each input's id,
/// so a host that restarts mid-page replays the same runs instead of starting new ones.
/// </summary>
public sealed class BackfillOrchestration : TaskOrchestrator<BackfillState, BackfillResult>
{
    public const string Name = nameof(BackfillOrchestration);

    public const string CancelEvent = "Cancel";

    public override async Task<BackfillResult> RunAsync(TaskOrchestrationContext context, BackfillState input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var state = input;
        var options = TaskOptions.FromRetryPolicy(PipelineFailures.Policy(state.Retry ?? PipelineRetry.Default));
        var cancel = context.WaitForExternalEvent<string>(CancelEvent);
        if (state.Started is null)
        {
            context.SetCustomStatus(Progress(context, state, [], 0, "counting"));
            int total = await context.CallActivityAsync<int>(nameof(CountBackfillInputs), state.Request, options);
            var model = await context.CallActivityAsync<ModelIdentity>(nameof(DescribeServedModel), state.BackfillId, options);
            state = state with { Started = context.CurrentUtcDateTime, Total = total, ModelVersion = model.Version };
        }

        if (!state.Cancelled && !LimitReached(state))
        {
            state = await RunPageAsync(context, state, cancel, options);
            if (state.ContinuationToken is not null && !state.Cancelled && !LimitReached(state))
            {
                context.SetCustomStatus(Progress(context, state, [], 0, "running"));
                context.ContinueAsNew(state, preserveUnprocessedEvents: true);
                return null!;
            }
        }

        context.SetCustomStatus(Progress(context, state, [], 0, "summarising"));
        var summary = new BackfillSummaryRequest(state.BackfillId, state.ModelVersion!, state.Page, state.Counts, state.Cancelled, state.Started!.Value, context.CurrentUtcDateTime);
        var result = await context.CallActivityAsync<BackfillResult>(nameof(WriteBackfillSummary), new BackfillSummaryJob(summary, state.Request.Container), options);
        var counts = state.Counts;
        var completed = new BackfillCompletedData(state.BackfillId, counts.Done, counts.Completed, counts.Failed, counts.Rejected, counts.Skipped, state.Cancelled, state.ModelVersion!, result.Container + "/" + result.SummaryCsv);
        await context.CallActivityAsync<bool>(nameof(PublishResult), new ResultToPublish(null, null, null, completed), options);
        context.SetCustomStatus(Progress(context, state, [], 0, state.Cancelled ? "cancelled" : "completed"));
        return result;
    }

    /// <summary>The id of the study run a backfill makes for an input: <c>study-</c> and 32 hex digits, like intake's.</summary>
    public static string RunId(string backfillId, string inputId)
    {
        ArgumentNullException.ThrowIfNull(backfillId);
        ArgumentNullException.ThrowIfNull(inputId);
        byte[] digest = SHA256.HashData(Encoding.UTF8.GetBytes(backfillId + "\n" + inputId));
        return Intake.InstanceIds.Prefix + Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    private static async Task<BackfillState> RunPageAsync(TaskOrchestrationContext context, BackfillState state, Task<string> cancel, TaskOptions options)
    {
        var page = await context.CallActivityAsync<BackfillPage>(nameof(ListBackfillInputs), new BackfillListing(state.Request, state.ContinuationToken, state.Request.PageSize), options);
        var inputs = page.Inputs.ToList();
        string? next = page.ContinuationToken;
        if (state.Request.Limit is { } limit && state.Counts.Listed + inputs.Count >= limit)
        {
            inputs = inputs.Take(limit - state.Counts.Listed).ToList();
            next = null;
        }

        string version = state.ModelVersion!;
        var processed = state.Request.Force || inputs.Count == 0
            ? []
            : (await context.CallActivityAsync<IReadOnlyList<ProcessedInput>>(nameof(FindProcessedInputs), new ProcessedInputsQuery([.. inputs.Select(i => i.InputId)], version), options))
                .ToDictionary(p => p.InputId);
        var rows = new Dictionary<string, BackfillRow>();
        foreach (var input in inputs.Where(i => processed.ContainsKey(i.InputId)))
        {
            rows[input.InputId] = Skipped(input, processed[input.InputId], version);
        }

        bool cancelled = false;
        var running = new List<RunningStudy>();
        foreach (var input in inputs.Where(i => !processed.ContainsKey(i.InputId)))
        {
            if (cancel.IsCompleted)
            {
                cancelled = true;
                break;
            }

            while (running.Count >= state.MaxConcurrency)
            {
                await FinishOneAsync(context, running, rows, version);
                context.SetCustomStatus(Progress(context, state, rows.Values, running.Count, "running"));
            }

            var study = input.ToPipelineInput(state.Request.Container, state.Retry);
            var run = context.CallSubOrchestratorAsync<StudyPipelineResult>(nameof(StudyPipeline), study, new SubOrchestrationOptions { InstanceId = RunId(state.BackfillId, input.InputId) });
            running.Add(new RunningStudy(input, RunId(state.BackfillId, input.InputId), context.CurrentUtcDateTime, run));
            context.SetCustomStatus(Progress(context, state, rows.Values, running.Count, "running"));
        }

        while (running.Count > 0)
        {
            await FinishOneAsync(context, running, rows, version);
            context.SetCustomStatus(Progress(context, state, rows.Values, running.Count, cancelled ? "cancelling" : "running"));
        }

        // Rows in listing order, so the summary follows the archive.
        var ordered = inputs.Where(i => rows.ContainsKey(i.InputId)).Select(i => rows[i.InputId]).ToList();
        await context.CallActivityAsync<bool>(nameof(RecordBackfillRows), new BackfillRowsRecord(state.BackfillId, state.Page, ordered), options);
        return state with { Counts = state.Counts.Add(ordered), Page = state.Page + 1, ContinuationToken = next, Cancelled = cancelled || cancel.IsCompleted };
    }

    private static async Task FinishOneAsync(TaskOrchestrationContext context, List<RunningStudy> running, Dictionary<string, BackfillRow> rows, string version)
    {
        var done = await Task.WhenAny(running.Select(r => r.Run));
        var study = running.Single(r => r.Run == done);
        running.Remove(study);
        DateTimeOffset finished = context.CurrentUtcDateTime;
        try
        {
            var result = await done;
            rows[study.Input.InputId] = result.Result is { } r
                ? new BackfillRow(study.Input.BlobName, study.Input.InputId, study.RunId, r.StudyKey, BackfillOutcome.Completed, null, r.BaselineVolumeMl, r.PredictedFollowupVolumeMl, r.PredictedGrowthMl, r.HematomaExpansionPredicted, r.ModelVersion, study.Started, finished)
                : new BackfillRow(study.Input.BlobName, study.Input.InputId, study.RunId, null, BackfillOutcome.Rejected, result.Rejection is { } j ? j.Code + ": " + j.Reason : null, null, null, null, null, version, study.Started, finished);
        }
        catch (TaskFailedException ex)
        {
            // The run published its own Hem.Prediction.Failed; here it is a row, and the backfill goes on.
            string reason = ex.FailureDetails.InnerFailure?.ErrorType ?? ex.FailureDetails.ErrorType;
            rows[study.Input.InputId] = new BackfillRow(study.Input.BlobName, study.Input.InputId, study.RunId, null, BackfillOutcome.Failed, reason[(reason.LastIndexOf('.') + 1)..], null, null, null, null, version, study.Started, finished);
        }
    }

    private static BackfillRow Skipped(BackfillInput input, ProcessedInput earlier, string version) =>
        earlier.RejectionCode is { } code
            ? new BackfillRow(input.BlobName, input.InputId, null, earlier.StudyKey, BackfillOutcome.Skipped, "rejected before: " + code, null, null, null, null, version, null, null)
            : new BackfillRow(input.BlobName, input.InputId, null, earlier.StudyKey, BackfillOutcome.Skipped, "results for this model version exist", earlier.BaselineVolumeMl, earlier.PredictedFollowupVolumeMl, earlier.PredictedFollowupVolumeMl - earlier.BaselineVolumeMl, earlier.HematomaExpansionPredicted, version, null, null);

    private static bool LimitReached(BackfillState state) => state.Request.Limit is { } limit && state.Counts.Listed >= limit;

    private static BackfillProgress Progress(TaskOrchestrationContext context, BackfillState state, IEnumerable<BackfillRow> pageRows, int running, string phase)
    {
        var counts = state.Counts.Add(pageRows);
        double? perMinute = null;
        double? left = null;
        if (state.Started is { } started && counts.Done > 0)
        {
            double minutes = (context.CurrentUtcDateTime - started).TotalMinutes;
            if (minutes > 0)
            {
                perMinute = Math.Round(counts.Done / minutes, 2);
                left = state.Total is { } total ? Math.Round(Math.Max(0, total - counts.Done) / perMinute.Value * 60) : null;
            }
        }

        return new BackfillProgress(state.Total, counts.Done, counts.Completed, counts.Rejected, counts.Failed, counts.Skipped, running, perMinute, left, state.Cancelled, phase);
    }

    private sealed record RunningStudy(BackfillInput Input, string RunId, DateTimeOffset Started, Task<StudyPipelineResult> Run);
}
