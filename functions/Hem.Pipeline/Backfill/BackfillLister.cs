using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;

namespace Hem.Pipeline.Backfill;

/// <summary>
/// Finds a backfill's studies: the blobs under the request's container and prefix that intake's rules take as studies
/// (zips, <c>{folder}/_READY</c> markers, NIfTI volumes but not their masks), filtered by name pattern and last-modified
/// time, in listing order, a page at a time so a large archive never has to be held whole.
/// </summary>
public sealed class BackfillLister(BlobServiceClient blobs)
{
    /// <summary>At least <paramref name="pageSize"/> studies (or the rest), from where <paramref name="continuationToken"/> left off.</summary>
    public async Task<BackfillPage> ListPageAsync(BackfillRequest request, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var container = blobs.GetBlobContainerClient(request.Container);
        var filter = new IntakeFilter(request.Container);
        var inputs = new List<BackfillInput>();
        string? next = continuationToken;
        await PipelineFailures.ServiceCallAsync("listing the archive", async () =>
        {
            await foreach (var page in container.GetBlobsAsync(new GetBlobsOptions { Prefix = request.Prefix }, cancellationToken).AsPages(continuationToken, pageSize))
            {
                inputs.AddRange(page.Values.Select(item => Match(container, filter, request, item)).OfType<BackfillInput>());
                next = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
                if (inputs.Count >= pageSize || next is null)
                {
                    break;
                }
            }
        });
        return new BackfillPage(inputs, next);
    }

    /// <summary>How many studies the request covers (not above its limit).</summary>
    public async Task<int> CountAsync(BackfillRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var container = blobs.GetBlobContainerClient(request.Container);
        var filter = new IntakeFilter(request.Container);
        int count = 0;
        await PipelineFailures.ServiceCallAsync("counting the archive", async () =>
        {
            count = 0;
            await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = request.Prefix }, cancellationToken))
            {
                if (Match(container, filter, request, item) is not null && ++count == request.Limit)
                {
                    break;
                }
            }
        });
        return count;
    }

    private static BackfillInput? Match(BlobContainerClient container, IntakeFilter filter, BackfillRequest request, BlobItem item)
    {
        if (filter.Classify(container.Name, item.Name).Input is not { } study || !request.MatchesName(item.Name))
        {
            return null;
        }

        var modified = item.Properties.LastModified ?? DateTimeOffset.MinValue;
        if (!request.MatchesTime(modified) || item.Properties.ETag is not { } etag)
        {
            return null;
        }

        return new BackfillInput(container.GetBlobClient(item.Name).Uri.AbsoluteUri, item.Name, InstanceIds.NormaliseETag(etag.ToString()), study.Kind, study.StudyPath, study.MaskBlobName, modified);
    }
}
