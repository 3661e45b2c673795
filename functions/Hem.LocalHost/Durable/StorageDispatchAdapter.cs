using System.Collections.Concurrent;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.Durable;

/// <summary>
/// Adapts the Azure Storage service to the preview sidecar's dispatchers, which it stands between. Work items: the
/// sidecar (<c>TaskHubGrpcServer</c>, preview) never renews a work item's lock and, when it stops, leaves the items it
/// was running locked: an activity longer than its queue message's visibility timeout would run twice at once, and
/// a stopped host's in-flight work would wait out the timeout before a new host could take it. So this renews each
/// running activity's lease until it completes and gives back (abandons) every work item still held when the backend
/// stops. It also owns the backend's start and stop: the sidecar starts it only once a worker connects (and, if none
/// ever did, after it was told to stop), and the Azure Storage service fails to stop when it was never started. So the
/// backend is stopped once, only if started, and never started or asked for work after the stop. Timers: see
/// <see cref="TimerMessages"/>.
/// </summary>
internal sealed partial class StorageDispatchAdapter : IOrchestrationService
{
    private readonly IOrchestrationService _inner;
    private readonly TimeSpan _renewEvery;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ActivityLease> _activities = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<TaskOrchestrationWorkItem, byte> _orchestrations = new(ReferenceEqualityComparer.Instance);
    private readonly Lock _lifecycle = new();
    private Task? _started;
    private Task? _stopped;

    /// <param name="leaseDuration">The activity message's visibility timeout; leases are renewed three times within it.</param>
    public StorageDispatchAdapter(IOrchestrationService inner, TimeSpan leaseDuration, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(leaseDuration, TimeSpan.FromSeconds(3));
        _inner = inner;
        _renewEvery = leaseDuration / 3;
        _logger = logger;
    }

    public int TaskOrchestrationDispatcherCount => _inner.TaskOrchestrationDispatcherCount;

    public int MaxConcurrentTaskOrchestrationWorkItems => _inner.MaxConcurrentTaskOrchestrationWorkItems;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => _inner.EventBehaviourForContinueAsNew;

    public int TaskActivityDispatcherCount => _inner.TaskActivityDispatcherCount;

    public int MaxConcurrentTaskActivityWorkItems => _inner.MaxConcurrentTaskActivityWorkItems;

    private bool IsStopped => Volatile.Read(ref _stopped) is not null;

    public Task StartAsync()
    {
        lock (_lifecycle)
        {
            return _stopped is not null ? Task.CompletedTask : _started ??= _inner.StartAsync();
        }
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>Gives back every held work item, then stops the backend if it was started; later calls wait for the first.</summary>
    public Task StopAsync(bool isForced)
    {
        lock (_lifecycle)
        {
            return _stopped ??= ReleaseAllThenStopAsync(_started, isForced);
        }
    }

    public Task CreateAsync() => _inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => _inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => _inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => _inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => _inner.DeleteAsync(deleteInstanceStore);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        _inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => _inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => _inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await WaitForeverOnceStoppedAsync(cancellationToken);
        var workItem = await _inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
        if (workItem is null)
        {
            return null!;
        }

        _orchestrations[workItem] = 0;
        if (IsStopped && _orchestrations.TryRemove(workItem, out _))
        {
            // Taken while the stop gave back the others: give it back too.
            await GiveBackAsync(workItem);
            return null!;
        }

        return workItem;
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => _inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        TimerMessages.NeverEarly(timerMessages);
        SidecarEvents.MakeStorable(newOrchestrationRuntimeState, orchestratorMessages);
        return _inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages, continuedAsNewMessage, orchestrationState);
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => _inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    /// <summary>The dispatcher's last call for an orchestration work item, after it completed or abandoned it.</summary>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        _orchestrations.TryRemove(workItem, out _);
        return _inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    }

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        await WaitForeverOnceStoppedAsync(cancellationToken);
        var workItem = await _inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        if (workItem is null)
        {
            return null!;
        }

        _activities[workItem.Id] = ActivityLease.Start(workItem, _renewEvery, RenewAsync);
        if (IsStopped && _activities.TryRemove(workItem.Id, out var lease))
        {
            await GiveBackAsync(lease);
            return null!;
        }

        return workItem;
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => _inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        await EndLeaseAsync(workItem.Id);
        await _inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    }

    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        ArgumentNullException.ThrowIfNull(workItem);
        await EndLeaseAsync(workItem.Id);
        await _inner.AbandonTaskActivityWorkItemAsync(workItem);
    }

    private async Task RenewAsync(TaskActivityWorkItem workItem)
    {
        try
        {
            await _inner.RenewTaskActivityWorkItemLockAsync(workItem);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed renewal is retried at the next interval; the lease may lapse meanwhile, which is at worst a second run.
            LogRenewFailed(_logger, workItem.Id, ex.GetType().Name);
        }
    }

    private async Task EndLeaseAsync(string workItemId)
    {
        // Renewal ends before the item is completed or abandoned: a renewal in flight would change the message's pop
        // receipt under the completion.
        if (_activities.TryRemove(workItemId, out var lease))
        {
            await lease.EndAsync();
        }
    }

    /// <summary>
    /// A dispatcher asking for work after the stop (the sidecar can start its dispatchers late, see the summary) waits
    /// until it is cancelled instead of spinning on a stopped backend's errors.
    /// </summary>
    private async Task WaitForeverOnceStoppedAsync(CancellationToken cancellationToken)
    {
        if (IsStopped)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }

    private async Task ReleaseAllThenStopAsync(Task? started, bool isForced)
    {
        foreach (string id in _activities.Keys)
        {
            if (_activities.TryRemove(id, out var lease))
            {
                await GiveBackAsync(lease);
            }
        }

        foreach (var workItem in _orchestrations.Keys)
        {
            if (_orchestrations.TryRemove(workItem, out _))
            {
                await GiveBackAsync(workItem);
            }
        }

        if (started is not null && await SucceededAsync(started))
        {
            await _inner.StopAsync(isForced);
        }
    }

    /// <summary>A backend whose start failed has nothing to stop (and the failure was the starter's to report).</summary>
    private static async Task<bool> SucceededAsync(Task started)
    {
        try
        {
            await started;
            return true;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private async Task GiveBackAsync(ActivityLease lease)
    {
        await lease.EndAsync();
        await BestEffortAsync(() => _inner.AbandonTaskActivityWorkItemAsync(lease.WorkItem), lease.WorkItem.Id);
    }

    private async Task GiveBackAsync(TaskOrchestrationWorkItem workItem)
    {
        await BestEffortAsync(() => _inner.AbandonTaskOrchestrationWorkItemAsync(workItem), workItem.InstanceId);
        await BestEffortAsync(() => _inner.ReleaseTaskOrchestrationWorkItemAsync(workItem), workItem.InstanceId);
    }

    private async Task BestEffortAsync(Func<Task> giveBack, string workItem)
    {
        try
        {
            await giveBack();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Not given back: the storage makes it visible again when its lease runs out.
            LogGiveBackFailed(_logger, workItem, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing the lease of activity work item {WorkItem} failed ({Error}); retrying at the next interval")]
    private static partial void LogRenewFailed(ILogger logger, string workItem, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Giving back work item {WorkItem} at stop failed ({Error}); it returns when its lease runs out")]
    private static partial void LogGiveBackFailed(ILogger logger, string workItem, string error);
}
