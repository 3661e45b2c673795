using Azure.Storage.Blobs;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Intake;
using Hem.LocalHost.Processes;

namespace Hem.LocalHost.Client;

/// <summary>A study uploaded to the incoming container: the blob that starts its run, and the run's instance id.</summary>
public sealed record UploadedStudy(string BlobName, string InstanceId, int Blobs);

/// <summary>
/// Uploads a study the way a hospital system drops one (DESIGN.md section 3, Inputs): a zip as one blob; a folder of
/// DICOM files blob by blob under <c>{folder}/</c>, then the <c>_READY</c> marker last; a research volume
/// <c>NAME.nii[.gz]</c> after its <c>NAME.mask.nii.gz</c> when one lies beside it. The run's instance id follows from
/// the starting blob's URL and ETag exactly as intake derives it.
/// </summary>
public sealed class StudyUploader(BlobServiceClient blobs, string container = IntakeFilter.DefaultIncomingContainer)
{
    public async Task<UploadedStudy> UploadAsync(string path, string? name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var target = blobs.GetBlobContainerClient(container);
        await target.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        if (Directory.Exists(path))
        {
            return await UploadFolderAsync(target, path, name ?? new DirectoryInfo(path).Name, cancellationToken);
        }

        if (!File.Exists(path))
        {
            throw new LocalStackException("the study to submit does not exist");
        }

        string fileName = name ?? Path.GetFileName(path);
        if (NiftiStudyLoader.IsNifti(path))
        {
            int count = 1;
            string mask = NiftiStudyLoader.MaskPath(path);
            if (File.Exists(mask))
            {
                await target.GetBlobClient(NiftiStudyLoader.MaskPath(fileName)).UploadAsync(mask, overwrite: true, cancellationToken);
                count++;
            }

            return await StartingBlobAsync(target, fileName, path, count, cancellationToken);
        }

        if (!path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            throw new LocalStackException("submit a .zip of DICOM files, a folder of DICOM files, or a NIfTI volume (.nii or .nii.gz)");
        }

        return await StartingBlobAsync(target, fileName, path, 1, cancellationToken);
    }

    private static async Task<UploadedStudy> UploadFolderAsync(BlobContainerClient target, string folder, string name, CancellationToken cancellationToken)
    {
        var files = Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new LocalStackException("the folder to submit is empty");
        }

        foreach (string file in files)
        {
            string relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            await target.GetBlobClient(name + "/" + relative).UploadAsync(file, overwrite: true, cancellationToken);
        }

        // The marker is written last: it is what starts the run, so every file must be there before it.
        var marker = target.GetBlobClient(name + "/" + IntakeFilter.ReadyMarker);
        var uploaded = await marker.UploadAsync(BinaryData.Empty, overwrite: true, cancellationToken);
        return new UploadedStudy(marker.Name, InstanceIds.For(marker.Uri, uploaded.Value.ETag.ToString()), files.Count + 1);
    }

    private static async Task<UploadedStudy> StartingBlobAsync(BlobContainerClient target, string name, string file, int count, CancellationToken cancellationToken)
    {
        var blob = target.GetBlobClient(name);
        var uploaded = await blob.UploadAsync(file, overwrite: true, cancellationToken);
        return new UploadedStudy(blob.Name, InstanceIds.For(blob.Uri, uploaded.Value.ETag.ToString()), count);
    }
}
