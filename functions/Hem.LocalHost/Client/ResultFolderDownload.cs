using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Imaging.Nifti;
using Hem.LocalHost.Processes;

namespace Hem.LocalHost.Client;

/// <summary>Copies one result folder (<c>{studyKey}/{modelVersion}/</c> of the results container) to a local folder, whole or not at all.</summary>
public static class ResultFolderDownload
{
    /// <summary>Downloads into <paramref name="target"/>, which must not exist or be empty; returns how many files.</summary>
    public static async Task<int> DownloadAsync(BlobServiceClient blobs, string container, string prefix, string target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        string full = Path.GetFullPath(target);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
        {
            throw new LocalStackException("the output folder exists and is not empty; give a new or empty folder");
        }

        string parent = Path.GetDirectoryName(full) ?? throw new LocalStackException("the output folder has no parent folder");
        Directory.CreateDirectory(parent);
        if (Directory.Exists(full))
        {
            Directory.Delete(full);
        }

        var client = blobs.GetBlobContainerClient(container);
        return await AtomicFolder.WriteAsync(parent, Path.GetFileName(full), async staging =>
        {
            int count = 0;
            await foreach (var item in client.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                string[] parts = item.Name[prefix.Length..].Split('/');
                if (parts.Any(p => p.Length == 0 || p is "." or ".."))
                {
                    // Result names are written by the pipeline; anything else is not copied out.
                    continue;
                }

                string local = Path.Combine([staging, .. parts]);
                Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                await client.GetBlobClient(item.Name).DownloadToAsync(local, cancellationToken);
                count++;
            }

            return count;
        }, cancellationToken);
    }
}
