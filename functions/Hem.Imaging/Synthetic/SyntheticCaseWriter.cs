using Hem.Imaging.Nifti;

namespace Hem.Imaging.Synthetic;

/// <summary>
/// Writes one case folder: <c>case-NNNN/</c> with <c>baseline/</c> (DICOM), optionally <c>followup/</c>,
/// <c>baseline.ct.nii.gz</c>, <c>followup.ct.nii.gz</c>, <c>baseline.mask.nii.gz</c>, <c>followup.mask.nii.gz</c>,
/// optionally <c>baseline.labels.nii.gz</c>, and <c>case.json</c>, all on the baseline grid, through
/// <see cref="AtomicFolder"/>: a case folder is either complete or absent; an existing case folder is never touched.
/// </summary>
public static class SyntheticCaseWriter
{
    public static Task<CaseDescription> WriteAsync(string outputFolder, long runSeed, int caseNumber, SyntheticCase scan, SynthOutputOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(options);
        return AtomicFolder.WriteAsync(outputFolder, SyntheticGenerator.CaseFolderName(caseNumber), async staging =>
        {
            var masks = HematomaRasterizer.Rasterize(scan);
            var rendered = CtRenderer.Render(scan, new RenderRequest { FollowUp = options.Nifti || options.FollowUpDicom, Labels = options.Labels });
            var files = new List<string>();
            var geometry = scan.Geometry;
            // The files are independent: write them concurrently (gzip and DICOM encoding are single-threaded each).
            var writes = new List<Task>();
            if (options.Dicom)
            {
                writes.Add(Task.Run(() => SyntheticDicomSeries.WriteAsync(Path.Combine(staging, "baseline"), scan, ScanTime.Baseline, rendered.Baseline, cancellationToken), cancellationToken));
                files.Add("baseline/");
            }

            if (options.Dicom && options.FollowUpDicom)
            {
                writes.Add(Task.Run(() => SyntheticDicomSeries.WriteAsync(Path.Combine(staging, "followup"), scan, ScanTime.FollowUp, rendered.FollowUp!, cancellationToken), cancellationToken));
                files.Add("followup/");
            }

            if (options.Nifti)
            {
                writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, "baseline.ct.nii.gz"), geometry, rendered.Baseline, "HemFunctions synthetic baseline CT (HU)", cancellationToken), cancellationToken));
                writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, "followup.ct.nii.gz"), geometry, rendered.FollowUp!, "HemFunctions synthetic follow-up CT (HU)", cancellationToken), cancellationToken));
                files.Add("baseline.ct.nii.gz");
                files.Add("followup.ct.nii.gz");
            }

            writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, "baseline.mask.nii.gz"), geometry, masks.Baseline, "HemFunctions baseline hematoma mask", cancellationToken), cancellationToken));
            writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, "followup.mask.nii.gz"), geometry, masks.FollowUp, "HemFunctions follow-up hematoma mask", cancellationToken), cancellationToken));
            files.Add("baseline.mask.nii.gz");
            files.Add("followup.mask.nii.gz");
            if (options.Labels)
            {
                writes.Add(Task.Run(() => NiftiWriter.WriteAsync(Path.Combine(staging, "baseline.labels.nii.gz"), geometry, rendered.Labels!, "HemFunctions tissue labels", cancellationToken), cancellationToken));
                files.Add("baseline.labels.nii.gz");
            }

            await Task.WhenAll(writes);
            files.Add("case.json");
            var description = CaseDescription.Create(scan, masks, runSeed, caseNumber, files);
            await File.WriteAllTextAsync(Path.Combine(staging, "case.json"), description.ToJson(), cancellationToken);
            return description;
        }, cancellationToken);
    }
}
