using DurableTask.Core;
using DurableTask.Core.Query;

namespace Hem.LocalHost.Durable;

/// <summary>
/// The storage service as the sidecar's client, with one change: waiting for an instance to finish reads its state at
/// a short interval. The Azure Storage service reads it every 2 s, which would add up to 2 s to every
/// <c>WaitForInstanceCompletionAsync</c> (measured: a two-activity run recorded in storage as done in about 130 ms was
/// seen done by the waiting client after about 2 s). Everything else, queries and purges included, is the service's.
/// </summary>
internal sealed class PromptCompletionClient : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    private readonly IOrchestrationServiceClient _client;
    private readonly IOrchestrationServiceQueryClient _query;
    private readonly IOrchestrationServicePurgeClient _purge;
    private readonly TimeSpan _pollEvery;

    public PromptCompletionClient(IOrchestrationServiceClient storage, TimeSpan pollEvery)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollEvery, TimeSpan.Zero);
        _client = storage;
        _query = storage as IOrchestrationServiceQueryClient ?? throw new ArgumentException("The storage service must answer queries.", nameof(storage));
        _purge = storage as IOrchestrationServicePurgeClient ?? throw new ArgumentException("The storage service must purge.", nameof(storage));
        _pollEvery = pollEvery;
    }

    /// <summary>The instance's state once it is completed, failed or terminated; null if <paramref name="timeout"/> passes first.</summary>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            limit.CancelAfter(timeout);
        }

        try
        {
            while (true)
            {
                var state = await _client.GetOrchestrationStateAsync(instanceId, executionId).WaitAsync(limit.Token);
                if (state is not null && IsFinished(state.OrchestrationStatus))
                {
                    return state;
                }

                await Task.Delay(_pollEvery, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null!;
        }
    }

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => _client.CreateTaskOrchestrationAsync(creationMessage);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses) =>
        _client.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => _client.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => _client.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => _client.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions) =>
        _client.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId) =>
        _client.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => _client.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType) =>
        _client.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken) =>
        _query.GetOrchestrationWithQueryAsync(query, cancellationToken);

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId) => _purge.PurgeInstanceStateAsync(instanceId);

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter) => _purge.PurgeInstanceStateAsync(purgeInstanceFilter);

    private static bool IsFinished(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;
}
