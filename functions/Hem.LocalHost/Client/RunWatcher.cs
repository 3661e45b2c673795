using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Messaging;
using Hem.LocalHost.Processes;
using Hem.Pipeline.Events;
using Hem.Pipeline.Orchestration;

namespace Hem.LocalHost.Client;

/// <summary>
/// Waits for one run's result event, the way a subscriber sees it (the local topic's events file), and reports the
/// run's progress meanwhile from the status API (<c>GET /api/studies/{instanceId}</c>): waiting for intake, then each
/// step as the orchestration enters it.
/// </summary>
public sealed class RunWatcher(HttpClient http, Uri hostUrl, EventsFile events)
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromMilliseconds(500);

    private static readonly HashSet<string> Outcomes = [ResultEventTypes.PredictionCompleted, ResultEventTypes.StudyRejected, ResultEventTypes.PredictionFailed];

    /// <summary>The run's result event; events before <paramref name="from"/> in the file are not looked at.</summary>
    public async Task<CloudEvent> WaitAsync(string instanceId, long from, TimeSpan timeout, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var stopReporting = CancellationTokenSource.CreateLinkedTokenSource(limit.Token);
        var reporting = ReportProgressAsync(instanceId, progress, stopReporting.Token);
        try
        {
            await foreach (var cloudEvent in events.ReadAsync(from, follow: true, limit.Token))
            {
                if (Outcomes.Contains(cloudEvent.Type) && InstanceOf(cloudEvent) == instanceId)
                {
                    return cloudEvent;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LocalStackException($"no result event for the run within {timeout.TotalSeconds:0} s; `hem events` and GET /api/studies/{instanceId} show where it is");
        }
        finally
        {
            await stopReporting.CancelAsync();
            await reporting;
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new LocalStackException($"no result event for the run within {timeout.TotalSeconds:0} s");
    }

    /// <summary>The instance id in a result event's data.</summary>
    public static string? InstanceOf(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        if (cloudEvent.Data is null)
        {
            return null;
        }

        using var data = JsonDocument.Parse(cloudEvent.Data.ToMemory());
        return data.RootElement.TryGetProperty("instanceId", out var id) ? id.GetString() : null;
    }

    private async Task ReportProgressAsync(string instanceId, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return;
        }

        string? last = null;
        var started = DateTime.UtcNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                string now = await DescribeAsync(instanceId, cancellationToken);
                if (now != last)
                {
                    progress.Report($"{(DateTime.UtcNow - started).TotalSeconds,5:0.0} s  {now}");
                    last = now;
                }

                await Task.Delay(StatusInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The result arrived, or the wait ended.
        }
    }

    private async Task<string> DescribeAsync(string instanceId, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(hostUrl, "api/studies/" + instanceId), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return "waiting for the event source and intake to start the run";
            }

            var status = await response.Content.ReadFromJsonAsync<StudyRunStatus>(cancellationToken);
            return status?.Step is { } step ? "step " + step : "run " + (status?.RuntimeStatus ?? "unknown").ToLowerInvariant();
        }
        catch (HttpRequestException)
        {
            return "the host does not answer";
        }
    }
}
