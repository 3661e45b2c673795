using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Hem.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Backfill;

/// <summary>
/// The backfill API's logic, shared by the Functions app and the local host: start a backfill (its id made here:
/// <c>backfill-{yyyyMMdd-HHmmss}-{8 hex}</c>), answer its status, cancel it.
/// </summary>
public sealed class BackfillRuns(BlobServiceClient blobs, BackfillSettings settings, TimeProvider time)
{
    /// <summary>Starts a backfill; the problems with the request instead when it cannot run.</summary>
    public async Task<BackfillStart> StartAsync(DurableTaskClient client, BackfillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Problems().ToList();
        if (problems.Count == 0 && !await PipelineFailures.ServiceCallAsync("reading the archive's container", () => blobs.GetBlobContainerClient(request.Container).ExistsAsync(cancellationToken)))
        {
            problems.Add($"the container '{request.Container}' does not exist");
        }

        if (problems.Count > 0)
        {
            return new BackfillStart(null, problems);
        }

        string id = "backfill-" + time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var state = BackfillState.Start(id, request, request.MaxConcurrency ?? settings.MaxConcurrency, settings.Retry);
        await client.ScheduleNewOrchestrationInstanceAsync(BackfillOrchestration.Name, state, new StartOrchestrationOptions(id), cancellationToken);
        return new BackfillStart(id, []);
    }

    /// <summary>The backfill's status, or null when there is none by that id.</summary>
    public static async Task<BackfillStatus?> StatusAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!IsBackfillId(id))
        {
            return null;
        }

        var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? null : BackfillStatus.From(metadata);
    }

    /// <summary>Asks a running backfill to start no more studies; false when there is none running by that id.</summary>
    public static async Task<bool> CancelAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!IsBackfillId(id) || await client.GetInstanceAsync(id, getInputsAndOutputs: false, cancellationToken) is not { IsRunning: true })
        {
            return false;
        }

        await client.RaiseEventAsync(id, BackfillOrchestration.CancelEvent, "cancel", cancellationToken);
        return true;
    }

    public static bool IsBackfillId(string? id) =>
        id is { Length: > 9 and <= 64 } && id.StartsWith("backfill-", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}

/// <summary>A start's answer: the backfill's id, or the problems with the request.</summary>
public sealed record BackfillStart(string? Id, IReadOnlyList<string> Problems);

/// <summary>What <c>GET /api/backfills/{id}</c> answers: the runtime status, the progress, and the result once it has one.</summary>
public sealed record BackfillStatus(string Id, string RuntimeStatus, DateTimeOffset CreatedAt, DateTimeOffset LastUpdatedAt, BackfillProgress? Progress, BackfillResult? Result, string? FailureType)
{
    public static BackfillStatus From(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        bool readable = metadata.DataConverter is not null;
        var progress = readable && metadata.SerializedCustomStatus is not null ? metadata.ReadCustomStatusAs<BackfillProgress>() : null;
        var result = readable && metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is not null ? metadata.ReadOutputAs<BackfillResult>() : null;
        return new BackfillStatus(metadata.InstanceId, metadata.RuntimeStatus.ToString(), metadata.CreatedAt, metadata.LastUpdatedAt, progress, result, metadata.FailureDetails?.ErrorType);
    }
}

/// <summary>The host's backfill settings: studies at a time when a request does not say (<c>Hem:Backfill:MaxConcurrency</c>), and the study runs' retry policy.</summary>
public sealed record BackfillSettings(int MaxConcurrency, PipelineRetry? Retry = null)
{
    public static BackfillSettings FromConfiguration(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? text = configuration[Configuration.SettingNames.BackfillMaxConcurrency];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new BackfillSettings(BackfillRequest.DefaultMaxConcurrency);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value is >= 1 and <= BackfillRequest.MaxAllowedConcurrency
            ? new BackfillSettings(value)
            : throw new InvalidOperationException($"{Configuration.SettingNames.BackfillMaxConcurrency} must be a whole number from 1 to {BackfillRequest.MaxAllowedConcurrency}");
    }
}
