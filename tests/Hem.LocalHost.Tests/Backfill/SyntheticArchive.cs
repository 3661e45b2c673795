using System.IO.Compression;
using Azure.Storage.Blobs;
using Hem.Imaging.Synthetic;

namespace Hem.LocalHost.Tests.Backfill;

/// <summary>
/// A synthetic archive as a research site keeps one, with its ground truth beside each input
/// (Hem.Pipeline.Backfill.BackfillTruth): research volumes <c>cases/case-NNNN.nii.gz</c> with their baseline mask
/// <c>case-NNNN.mask.nii.gz</c>, DICOM studies <c>dicom/case-NNNN.zip</c> (truth baseline beside), each with
/// <c>case-NNNN.followup.mask.nii.gz</c>; and corrupt zips <c>broken/NN.zip</c>, which intake takes for studies.
/// </summary>
internal static class SyntheticArchive
{
    public const long Seed = 4242;

    public static async Task<List<string>> WriteAsync(BlobContainerClient archive, string folder, int nifti, int dicom, int corrupt, CancellationToken cancellationToken, string prefix = "")
    {
        await archive.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var inputs = new List<string>();
        var numbers = Enumerable.Range(1, nifti + dicom).ToList();
        // Two at a time: the generator is CPU-bound and the machines have two cores.
        foreach (var chunk in numbers.Chunk(2))
        {
            await Task.WhenAll(chunk.Select(n => WriteCaseAsync(archive, folder, n, asDicom: n > nifti, prefix, cancellationToken)));
        }

        inputs.AddRange(numbers.Select(n => n > nifti ? $"{prefix}dicom/case-{n:0000}.zip" : $"{prefix}cases/case-{n:0000}.nii.gz"));
        for (int n = 1; n <= corrupt; n++)
        {
            byte[] bytes = [.. "PK\u0003\u0004"u8, .. Enumerable.Range(0, 3000).Select(i => (byte)((i * 31) + n))];
            string name = $"{prefix}broken/{n:00}.zip";
            await archive.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken);
            inputs.Add(name);
        }

        return inputs;
    }

    private static async Task WriteCaseAsync(BlobContainerClient archive, string folder, int number, bool asDicom, string prefix, CancellationToken cancellationToken)
    {
        string cases = Path.Combine(folder, "synth");
        var scan = SyntheticGenerator.Case(Seed, number, ScanProtocol.FiveMillimetre);
        await SyntheticCaseWriter.WriteAsync(cases, Seed, number, scan, new SynthOutputOptions { Dicom = asDicom, Nifti = true }, cancellationToken);
        string local = Path.Combine(cases, SyntheticGenerator.CaseFolderName(number));
        string stem = asDicom ? $"{prefix}dicom/case-{number:0000}" : $"{prefix}cases/case-{number:0000}";
        await archive.GetBlobClient(stem + ".followup.mask.nii.gz").UploadAsync(Path.Combine(local, "followup.mask.nii.gz"), overwrite: true, cancellationToken);
        await archive.GetBlobClient(stem + ".mask.nii.gz").UploadAsync(Path.Combine(local, "baseline.mask.nii.gz"), overwrite: true, cancellationToken);
        if (asDicom)
        {
            string zip = Path.Combine(folder, $"case-{number:0000}.zip");
            await ZipFile.CreateFromDirectoryAsync(Path.Combine(local, "baseline"), zip, CompressionLevel.Fastest, includeBaseDirectory: false, cancellationToken);
            await archive.GetBlobClient(stem + ".zip").UploadAsync(zip, overwrite: true, cancellationToken);
        }
        else
        {
            await archive.GetBlobClient(stem + ".nii.gz").UploadAsync(Path.Combine(local, "baseline.ct.nii.gz"), overwrite: true, cancellationToken);
        }
    }
}
