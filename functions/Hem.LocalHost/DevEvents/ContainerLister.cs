using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Pipeline.Intake;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Lists every blob of a container, page by page, as <see cref="BlobVersion"/>s in the service's order (by name, in
/// UTF-8 byte order). Only current blobs: no snapshots, versions or soft-deleted blobs, for which Azure sends no
/// BlobCreated either. A container that does not exist (yet) lists as empty.
/// </summary>
internal sealed class ContainerLister(BlobContainerClient container, int? pageSize)
{
    public async Task<IReadOnlyList<BlobVersion>> ListAsync(CancellationToken cancellationToken)
    {
        var blobs = new List<BlobVersion>();
        try
        {
            var pages = container.GetBlobsAsync(new GetBlobsOptions(), cancellationToken).AsPages(pageSizeHint: pageSize);
            await foreach (var page in pages.WithCancellation(cancellationToken))
            {
                blobs.AddRange(page.Values.Where(item => item.Properties.ETag is not null).Select(ToVersion));
            }
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.ContainerNotFound)
        {
            return [];
        }

        return blobs;
    }

    private static BlobVersion ToVersion(BlobItem item) => new(
        item.Name,
        InstanceIds.NormaliseETag(item.Properties.ETag!.Value.ToString()),
        item.Properties.ContentLength ?? 0,
        item.Properties.ContentType,
        item.Properties.BlobType switch
        {
            BlobType.Page => "PageBlob",
            BlobType.Append => "AppendBlob",
            _ => "BlockBlob",
        },
        item.Properties.LastModified ?? DateTimeOffset.UnixEpoch);
}
