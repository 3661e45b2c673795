using DurableTask.AzureStorage;

namespace Hem.LocalHost.Durable;

/// <summary>The Azure Storage orchestration service's settings for the sidecar's options.</summary>
internal static class AzureStorageBackendSettings
{
    public static AzureStorageOrchestrationServiceSettings For(DurableTaskSidecarOptions options) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(options.StorageConnectionString),
        TaskHubName = options.TaskHubName,
        PartitionCount = options.PartitionCount,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        WorkItemQueueVisibilityTimeout = options.ActivityLeaseDuration,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        WorkerId = options.WorkerId,
        // The app lease lets two app versions share a hub in Azure, one at a time. A local hub has one app, and an
        // app lease left by a killed host would hold a restarted one back until it expired.
        UseAppLease = false,
        ThrowExceptionOnInvalidDedupeStatus = true,
        LoggerFactory = options.LoggerFactory,
    };
}
