using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hem.LocalHost.Hosting;
using Hem.Pipeline.Backfill;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem backfill start|status|cancel</c>: backfills on the running local stack through its API
/// (<c>/api/backfills</c>), with a live progress bar while a started one runs.
/// </summary>
public static class BackfillCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var command = new Command("backfill", "Run the pipeline over an archive already in storage (every zip, _READY folder and NIfTI volume under a container and prefix), on the running local stack (`hem up`).")
        {
            Start(),
            Status(),
            Cancel(),
        };
        return command;
    }

    private static Command Start()
    {
        var stack = SubmitCommand.StackOption();
        var container = new Option<string>("--container") { Description = "The container the archive is in.", DefaultValueFactory = _ => "incoming" };
        var prefix = new Option<string>("--prefix") { Description = "Only blobs whose names start with this.", DefaultValueFactory = _ => "" };
        var since = new Option<DateTimeOffset?>("--since") { Description = "Only blobs modified at or after this time (ISO 8601, e.g. 2026-12-01T00:00:00Z)." };
        var until = new Option<DateTimeOffset?>("--until") { Description = "Only blobs modified before this time." };
        var name = new Option<string?>("--name") { Description = "Only blob names matching this pattern (* and ?; case-sensitive), e.g. 'site-a/*.zip'." };
        var limit = new Option<int?>("--limit") { Description = "At most this many studies." };
        var force = new Option<bool>("--force") { Description = "Run studies again that already have results for the served model version (or were rejected before)." };
        var concurrency = new Option<int?>("--concurrency") { Description = "Studies at a time (default: the host's Hem:Backfill:MaxConcurrency, 2)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Print the backfill's id and return; follow it with `hem backfill status ID`." };
        var start = new Command("start",
            "Start a backfill and follow it with a progress bar until it ends; then print the counts and the summary table's path (results/_backfills/ID/summary.csv and summary.json, with hem evaluate's metrics where ground truth lies beside the inputs). " +
            "Ctrl+C stops following, not the backfill. Exit codes: 0 the backfill ended (its studies may have failed: see the counts); 1 the backfill itself failed; 2 no stack, or the request cannot run.")
        {
            stack, container, prefix, since, until, name, limit, force, concurrency, noWait,
        };
        start.SetAction((parse, cancellationToken) => StartAsync(
            parse.GetValue(stack)!,
            new BackfillRequest
            {
                Container = parse.GetValue(container)!,
                Prefix = parse.GetValue(prefix)!,
                ModifiedSince = parse.GetValue(since),
                ModifiedUntil = parse.GetValue(until),
                NamePattern = parse.GetValue(name),
                Limit = parse.GetValue(limit),
                Force = parse.GetValue(force),
                MaxConcurrency = parse.GetValue(concurrency),
            },
            !parse.GetValue(noWait),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return start;
    }

    private static Command Status()
    {
        var stack = SubmitCommand.StackOption();
        var id = new Argument<string>("id") { Description = "The backfill's id (backfill-...)." };
        var json = new Option<bool>("--json") { Description = "Print the status as JSON." };
        var status = new Command("status", "Print a backfill's state, progress and, once it ended, its counts and summary table. Exit codes: 0 found; 2 no stack or no such backfill.") { stack, id, json };
        status.SetAction((parse, cancellationToken) => StatusAsync(parse.GetValue(stack)!, parse.GetValue(id)!, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return status;
    }

    private static Command Cancel()
    {
        var stack = SubmitCommand.StackOption();
        var id = new Argument<string>("id") { Description = "The backfill's id (backfill-...)." };
        var cancel = new Command("cancel", "Stop a running backfill from starting more studies; those running finish, and the summary covers what ran. Exit codes: 0 asked; 2 no stack or no such running backfill.") { stack, id };
        cancel.SetAction((parse, cancellationToken) => CancelAsync(parse.GetValue(stack)!, parse.GetValue(id)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return cancel;
    }

    public static async Task<int> StartAsync(string stackFolder, BackfillRequest request, bool follow, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var api = await ApiAsync(stackFolder, "hem backfill start", stderr, cancellationToken);
        if (api is null)
        {
            return StackFailures.Unusable;
        }

        using (api)
        {
            using var response = await api.Http.PostAsJsonAsync(new Uri(api.Host, "api/backfills"), request, Json, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync("hem backfill start: " + await ProblemAsync(response, cancellationToken));
                return StackFailures.Unusable;
            }

            string id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
            await stdout.WriteLineAsync("backfill " + id);
            if (!follow)
            {
                return 0;
            }

            return await FollowAsync(api, id, stdout, stderr, cancellationToken);
        }
    }

    public static async Task<int> StatusAsync(string stackFolder, string id, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        using var api = await ApiAsync(stackFolder, "hem backfill status", stderr, cancellationToken);
        if (api is null)
        {
            return StackFailures.Unusable;
        }

        var status = await GetAsync(api, id, cancellationToken);
        if (status is null)
        {
            await stderr.WriteLineAsync($"hem backfill status: no backfill has the id {id}");
            return StackFailures.Unusable;
        }

        await stdout.WriteLineAsync(json ? JsonSerializer.Serialize(status, Json) : string.Join(Environment.NewLine, Describe(status)));
        return 0;
    }

    public static async Task<int> CancelAsync(string stackFolder, string id, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        using var api = await ApiAsync(stackFolder, "hem backfill cancel", stderr, cancellationToken);
        if (api is null)
        {
            return StackFailures.Unusable;
        }

        using var response = await api.Http.PostAsync(new Uri(api.Host, $"api/backfills/{Uri.EscapeDataString(id)}/cancel"), null, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            await stderr.WriteLineAsync("hem backfill cancel: " + await ProblemAsync(response, cancellationToken));
            return StackFailures.Unusable;
        }

        await stdout.WriteLineAsync($"asked {id} to start no more studies; those running finish (hem backfill status {id})");
        return 0;
    }

    private static async Task<int> FollowAsync(StackApi api, string id, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var bar = new BackfillProgressBar(stderr, live: ReferenceEquals(stderr, Console.Error) && !Console.IsErrorRedirected);
        try
        {
            while (true)
            {
                var status = await GetAsync(api, id, cancellationToken) ?? throw new InvalidOperationException("the backfill disappeared");
                if (status.Progress is { } progress)
                {
                    bar.Show(progress);
                }

                if (status.RuntimeStatus is "Completed" or "Failed" or "Terminated")
                {
                    bar.End();
                    foreach (string line in Describe(status))
                    {
                        await stdout.WriteLineAsync(line);
                    }

                    return status.RuntimeStatus == "Completed" ? 0 : 1;
                }

                await Task.Delay(PollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            bar.End();
            await stderr.WriteLineAsync($"stopped following; the backfill goes on: hem backfill status {id}, hem backfill cancel {id}");
            return 0;
        }
    }

    private static async Task<BackfillStatus?> GetAsync(StackApi api, string id, CancellationToken cancellationToken)
    {
        using var response = await api.Http.GetAsync(new Uri(api.Host, "api/backfills/" + Uri.EscapeDataString(id)), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<BackfillStatus>(Json, cancellationToken);
    }

    private static IEnumerable<string> Describe(BackfillStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        yield return $"backfill {status.Id}: {status.RuntimeStatus.ToLowerInvariant()}{(status.Progress is { } p ? ", " + p.Phase : "")}";
        if (status.Result is { } r)
        {
            var n = r.Counts;
            yield return string.Create(c, $"{n.Done} studies: {n.Completed} completed, {n.Rejected} rejected, {n.Failed} failed, {n.Skipped} skipped{(r.Cancelled ? " (cancelled: studies not started were left out)" : "")}; model {r.ModelVersion}");
            yield return $"summary: {r.Container}/{r.SummaryCsv} and {r.Container}/{r.SummaryJson}";
            if (r.EvaluatedCases > 0)
            {
                yield return string.Create(c, $"against ground truth ({r.EvaluatedCases} studies): growth Dice (DOC) {r.MeanGrowthDice:0.000}, mean AEV {r.MeanAevMl:+0.00;-0.00} mL, mean AAEV {r.MeanAaevMl:0.00} mL");
            }
        }
        else if (status.Progress is { } progress)
        {
            yield return BackfillProgressBar.Text(progress);
        }

        if (status.FailureType is { } failure)
        {
            yield return "failed: " + failure;
        }
    }

    private static async Task<StackApi?> ApiAsync(string stackFolder, string command, TextWriter stderr, CancellationToken cancellationToken)
    {
        try
        {
            var stack = await StackDescription.ReadAsync(stackFolder, cancellationToken);
            return new StackApi(stack.HostUrl, new HttpClient { Timeout = TimeSpan.FromSeconds(30) });
        }
        catch (Exception ex) when (StackFailures.IsStartFailure(ex))
        {
            await stderr.WriteLineAsync(command + ": " + StackFailures.Describe(ex));
            return null;
        }
    }

    private static async Task<string> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return problem.TryGetProperty("detail", out var detail) ? detail.GetString() ?? response.ReasonPhrase ?? "" : response.ReasonPhrase ?? "";
        }
        catch (JsonException)
        {
            return $"the stack answered {(int)response.StatusCode}";
        }
    }

    private sealed record StackApi(Uri Host, HttpClient Http) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }
}

/// <summary>The progress of a backfill as a bar on a terminal (one line redrawn), or as a line per change elsewhere.</summary>
internal sealed class BackfillProgressBar(TextWriter writer, bool live)
{
    private const int Width = 30;

    private string? _last;

    public static string Text(BackfillProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        string total = p.Total?.ToString(c) ?? "?";
        string rate = p.StudiesPerMinute is { } r ? string.Create(c, $", {r:0.0}/min") : "";
        string left = p.SecondsLeft is { } s ? ", about " + Duration(s) + " left" : "";
        return string.Create(c, $"{p.Done}/{total} done ({p.Completed} completed, {p.Rejected} rejected, {p.Failed} failed, {p.Skipped} skipped), {p.Running} running{rate}{left}{(p.Cancelling ? ", cancelling" : "")}");
    }

    public void Show(BackfillProgress progress)
    {
        string text = Text(progress);
        if (text == _last)
        {
            return;
        }

        _last = text;
        if (live)
        {
            int filled = progress.Total is > 0 and var total ? (int)Math.Round(Width * Math.Min(1.0, progress.Done / (double)total)) : 0;
            writer.Write("\r[" + new string('#', filled) + new string('.', Width - filled) + "] " + text + "\u001b[K");
        }
        else
        {
            writer.WriteLine(text);
        }
    }

    public void End()
    {
        if (live && _last is not null)
        {
            writer.WriteLine();
        }
    }

    private static string Duration(double seconds) =>
        seconds < 90 ? string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s") : string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0} min");
}
