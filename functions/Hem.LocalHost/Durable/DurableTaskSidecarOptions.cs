using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hem.LocalHost.Durable;

/// <summary>
/// Where the sidecar keeps its state and how it polls. The defaults suit one local host on a small machine: one
/// partition, queues polled at least every second when idle, two activities at a time (analysis is CPU-heavy, as
/// <c>maxConcurrentActivityFunctions</c> in host.json).
/// </summary>
public sealed class DurableTaskSidecarOptions
{
    public DurableTaskSidecarOptions(string storageConnectionString, string taskHubName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storageConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskHubName);
        StorageConnectionString = storageConnectionString;
        TaskHubName = taskHubName;
    }

    /// <summary>An Azure Storage connection string with blob, queue and table endpoints (Azurite locally).</summary>
    public string StorageConnectionString { get; }

    /// <summary>Names the hub's queues, tables and lease container: a new sidecar on the same hub finds its state.</summary>
    public string TaskHubName { get; }

    /// <summary>The loopback port to listen on; 0 takes a free one (see <see cref="DurableTaskSidecar.Address"/>).</summary>
    public int Port { get; init; }

    /// <summary>Control queues; fixed when the hub is first created. One is plenty for one host.</summary>
    public int PartitionCount { get; init; } = 1;

    /// <summary>
    /// The longest wait between polls of an empty queue (Azure Storage backs off up to this). Each orchestration step
    /// crosses a queue, so this bounds the latency a quiet hub adds per step; the default in Azure is 30 s.
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a running activity's queue message stays hidden. The sidecar renews it while the activity runs, so this
    /// is not a limit on the activity; it is how soon a host that died mid-activity has its activity run again.
    /// </summary>
    public TimeSpan ActivityLeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a client waiting for an instance to finish has its state read (Azure Storage's own wait: 2 s).</summary>
    public TimeSpan CompletionPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    public int MaxConcurrentActivities { get; init; } = 2;

    public int MaxConcurrentOrchestrations { get; init; } = 10;

    /// <summary>Owner name in the hub's partition table. Stable across restarts, so a restarted host is the same owner.</summary>
    public string WorkerId { get; init; } = Environment.MachineName;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
