using Hem.Imaging.Metrics;
using Hem.Imaging.Nifti;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// A research volume: <c>NAME.nii[.gz]</c> in HU, with the baseline mask <c>NAME.mask.nii.gz</c> beside it when there
/// is one (DESIGN.md section 3, Inputs). NIfTI carries no patient module, so there is nothing to de-identify and no
/// DICOM series for a SEG to refer to.
/// </summary>
public static class NiftiStudyLoader
{
    public static bool IsNifti(string path) => NiftiWriter.IsNiftiPath(path);

    /// <summary>
    /// The baseline mask that belongs beside a CT volume: <c>NAME.nii[.gz]</c> to <c>NAME.mask.nii.gz</c>. Only the
    /// suffix changes, so the same rule serves a file path and a blob name.
    /// </summary>
    public static string MaskPath(string ctPath)
    {
        ArgumentNullException.ThrowIfNull(ctPath);
        string stem = ctPath.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase) ? ctPath[..^7] : ctPath[..^4];
        return stem + ".mask.nii.gz";
    }

    public static async Task<BaselineStudy> LoadAsync(string path, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return await steps.RunAsync("volume", async () =>
        {
            try
            {
                var ct = (await NiftiReader.ReadAsync(path, cancellationToken: cancellationToken)).ToHounsfield();
                string maskPath = MaskPath(path);
                var mask = File.Exists(maskPath) ? (await NiftiReader.ReadAsync(maskPath, cancellationToken: cancellationToken)).ToMask() : null;
                if (mask is not null && !MaskGrids.AreSame(ct.Geometry, mask.Geometry))
                {
                    throw new AnalysisInputException($"the baseline mask is on a {mask.Size} grid, not the CT's {ct.Size} grid");
                }

                string description = FormattableString.Invariant($"NIfTI volume {ct.Size.X} x {ct.Size.Y} x {ct.Size.Z}, {ct.Geometry.Spacing.X:0.###} x {ct.Geometry.Spacing.Y:0.###} x {ct.Geometry.Spacing.Z:0.###} mm{(mask is null ? "" : ", with its baseline mask")}");
                return new BaselineStudy(ct, mask, null, description, []);
            }
            catch (NiftiFormatException ex)
            {
                throw new AnalysisInputException($"the NIfTI input cannot be read: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The runtime's messages quote paths, which may name a patient: name the failure only.
                throw new AnalysisInputException($"the NIfTI input cannot be read ({ex.GetType().Name})", ex);
            }
        });
    }
}
