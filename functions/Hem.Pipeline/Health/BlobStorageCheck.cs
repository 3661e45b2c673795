using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs;

namespace Hem.Pipeline.Health;

/// <summary>
/// Reaches Blob Storage by asking whether the pipeline's input container exists: a data-plane call that the
/// pipeline's own identity is allowed to make, unlike account-level properties.
/// </summary>
public sealed class BlobStorageCheck(BlobServiceClient? client, string containerName) : IDependencyCheck
{
    public string Name => "blobStorage";

    public bool Required => true;

    public async Task<DependencyStatus> CheckAsync(CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return new DependencyStatus(Name, Required, DependencyState.NotConfigured, "no storage connection is configured", 0);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            bool exists = await client.GetBlobContainerClient(containerName).ExistsAsync(cancellationToken);
            string detail = exists ? $"container '{containerName}' exists" : $"reachable; container '{containerName}' not created yet";
            return new DependencyStatus(Name, Required, DependencyState.Reachable, detail, clock.Elapsed.TotalMilliseconds);
        }
        catch (RequestFailedException ex)
        {
            return new DependencyStatus(Name, Required, DependencyState.Unreachable, $"storage answered HTTP {ex.Status} ({ex.ErrorCode})", clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DependencyStatus(Name, Required, DependencyState.Unreachable, ex.GetType().Name, clock.Elapsed.TotalMilliseconds);
        }
    }
}
