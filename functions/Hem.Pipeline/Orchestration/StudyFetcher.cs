using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// Downloads a submitted study from its container into a local folder, only while the submitted blob still has the
/// submitted ETag (a changed or deleted blob is <see cref="InputChangedException"/>). A zip becomes <c>study.zip</c>;
/// a research volume <c>study.nii[.gz]</c> with its mask beside it when there is one; a <c>_READY</c> folder the
/// folder's blobs (the marker excepted) under <c>study/</c>. The input is only read.
/// </summary>
public sealed class StudyFetcher(BlobServiceClient blobs)
{
    /// <summary>Fetches into <paramref name="folder"/> (emptied first) and returns the local path to analyse.</summary>
    public async Task<string> FetchAsync(StudyPipelineInput input, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var container = blobs.GetBlobContainerClient(input.Container);
        var submitted = container.GetBlobClient(input.BlobName);
        var unchanged = new BlobRequestConditions { IfMatch = new ETag("\"" + InstanceIds.NormaliseETag(input.ETag) + "\"") };
        switch (input.Kind)
        {
            case SubmissionKind.Zip:
                string zip = Path.Combine(folder, "study.zip");
                await DownloadAsync(submitted, zip, unchanged, cancellationToken);
                return zip;
            case SubmissionKind.Nifti:
                string ct = Path.Combine(folder, input.BlobName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? "study.nii.gz" : "study.nii");
                await DownloadAsync(submitted, ct, unchanged, cancellationToken);
                if (input.MaskBlobName is { } maskName)
                {
                    await DownloadIfPresentAsync(container.GetBlobClient(maskName), NiftiStudyLoader.MaskPath(ct), cancellationToken);
                }

                return ct;
            case SubmissionKind.DicomFolder:
                await Checked(() => PipelineFailures.ServiceCallAsync("reading the marker", () => submitted.GetPropertiesAsync(unchanged, cancellationToken)));
                string study = Path.Combine(folder, "study");
                Directory.CreateDirectory(study);
                var names = await PipelineFailures.ServiceCallAsync("listing the study folder", async () =>
                {
                    var found = new List<string>();
                    await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = input.StudyPath }, cancellationToken))
                    {
                        if (item.Name != input.BlobName)
                        {
                            found.Add(item.Name);
                        }
                    }

                    return found;
                });
                foreach (string name in names)
                {
                    string local = LocalPath(study, name[input.StudyPath.Length..]);
                    Directory.CreateDirectory(Path.GetDirectoryName(local)!);
                    await PipelineFailures.ServiceCallAsync("downloading the study", () => container.GetBlobClient(name).DownloadToAsync(local, cancellationToken));
                }

                return study;
            default:
                throw new ArgumentException($"unknown submission kind {input.Kind}", nameof(input));
        }
    }

    /// <summary>A blob's path below the study folder as a local path inside <paramref name="root"/>; anything that would leave it is a rejection.</summary>
    private static string LocalPath(string root, string relative)
    {
        string[] parts = relative.Split('/');
        if (parts.Any(p => p.Length == 0 || p is "." or ".." || p.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0))
        {
            throw new StudyRejectedException("unsafe-path", "a file in the study folder has a name that cannot be stored safely (an empty, '.' or '..' part, or a character a file name cannot hold)");
        }

        return Path.Combine([root, .. parts]);
    }

    private static Task DownloadAsync(BlobClient blob, string path, BlobRequestConditions conditions, CancellationToken cancellationToken) =>
        Checked(() => PipelineFailures.ServiceCallAsync("downloading the study", () => blob.DownloadToAsync(path, new BlobDownloadToOptions { Conditions = conditions }, cancellationToken)));

    private static async Task DownloadIfPresentAsync(BlobClient blob, string path, CancellationToken cancellationToken)
    {
        try
        {
            await PipelineFailures.ServiceCallAsync("downloading the mask", () => blob.DownloadToAsync(path, cancellationToken));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            File.Delete(path);
        }
    }

    private static async Task Checked(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            throw new InputChangedException(ex.Status == 412
                ? "the submitted blob was changed after it was submitted (its ETag differs); the new content is a new run"
                : "the submitted blob was deleted after it was submitted", ex);
        }
    }
}
