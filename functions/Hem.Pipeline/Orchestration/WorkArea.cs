using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Prediction.Transport;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// One run's intermediates in the work container, under <c>{instanceId}/</c>: what one activity hands to the next
/// (the de-identified study, volume bundles), so that activities pass references, not volumes, and any worker can run
/// any step. Deletable at any time after the run; <see cref="DeleteAsync"/> removes it when the run ends.
/// </summary>
public sealed class WorkArea
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;

    public WorkArea(BlobServiceClient blobs, StudyPipelineOptions options, string instanceId)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        _container = blobs.GetBlobContainerClient(options.WorkContainer);
        _prefix = instanceId + "/";
    }

    /// <summary>Stores a volume bundle as <c>{instanceId}/{name}</c>, replacing one a failed attempt left.</summary>
    public async Task PutBundleAsync(string name, VolumeBundle bundle, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        var blob = _container.GetBlobClient(_prefix + name);
        await PipelineFailures.ServiceCallAsync("writing an intermediate", async () =>
        {
            await using var stream = await blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken);
            await VolumeBundleFormat.WriteAsync(stream, bundle, cancellationToken);
        });
    }

    /// <summary>Reads back a bundle an earlier step stored; a missing one means the work area was cleared under the run (permanent).</summary>
    public async Task<VolumeBundle> GetBundleAsync(string name, BundleLimits limits, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(_prefix + name);
        try
        {
            return await PipelineFailures.ServiceCallAsync("reading an intermediate", async () =>
            {
                var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
                await using var content = download.Value.Content;
                return await VolumeBundleFormat.ReadAsync(content, download.Value.Details.ContentLength, limits, cancellationToken);
            });
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            throw new WorkAreaMissingException($"the intermediate '{name}' of an earlier step is gone (the work area was cleared during the run); run the study again", ex);
        }
    }

    /// <summary>Uploads every file below <paramref name="folder"/> to <c>{instanceId}/{prefix}</c>, relative paths kept; returns how many.</summary>
    public async Task<int> PutFolderAsync(string folder, string prefix, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        int count = 0;
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            string name = _prefix + prefix + Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await PipelineFailures.ServiceCallAsync("writing an intermediate", () => _container.GetBlobClient(name).UploadAsync(file, overwrite: true, cancellationToken));
            count++;
        }

        return count;
    }

    /// <summary>Downloads what <see cref="PutFolderAsync"/> stored under <paramref name="prefix"/> into <paramref name="folder"/>; returns how many files.</summary>
    public async Task<int> GetFolderAsync(string prefix, string folder, CancellationToken cancellationToken)
    {
        var names = await ListAsync(_prefix + prefix, cancellationToken);
        if (names.Count == 0)
        {
            throw new WorkAreaMissingException($"the intermediate folder '{prefix}' of an earlier step is gone (the work area was cleared during the run); run the study again");
        }

        foreach (string name in names)
        {
            // The names were written by PutFolderAsync from relative paths of files, so they stay inside the folder.
            string local = Path.Combine([folder, .. name[(_prefix.Length + prefix.Length)..].Split('/')]);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            await PipelineFailures.ServiceCallAsync("reading an intermediate", () => _container.GetBlobClient(name).DownloadToAsync(local, cancellationToken));
        }

        return names.Count;
    }

    /// <summary>Deletes the run's intermediates; returns how many blobs were deleted.</summary>
    public async Task<int> DeleteAsync(CancellationToken cancellationToken)
    {
        if (!await PipelineFailures.ServiceCallAsync("reading the work container", () => _container.ExistsAsync(cancellationToken)))
        {
            return 0;
        }

        var names = await ListAsync(_prefix, cancellationToken);
        foreach (string name in names)
        {
            await PipelineFailures.ServiceCallAsync("deleting an intermediate", () => _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken));
        }

        return names.Count;
    }

    private Task<List<string>> ListAsync(string prefix, CancellationToken cancellationToken) =>
        PipelineFailures.ServiceCallAsync("listing intermediates", async () =>
        {
            var names = new List<string>();
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                names.Add(item.Name);
            }

            return names;
        });

    private async Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        await PipelineFailures.ServiceCallAsync("creating the work container", () => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));
}

/// <summary>An intermediate an earlier step wrote is gone: the run cannot go on from here. Permanent.</summary>
public sealed class WorkAreaMissingException : Exception
{
    public WorkAreaMissingException()
    {
    }

    public WorkAreaMissingException(string message)
        : base(message)
    {
    }

    public WorkAreaMissingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
