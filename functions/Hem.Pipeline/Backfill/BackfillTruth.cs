using Hem.Pipeline.Analysis;
using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Backfill;

/// <summary>
/// Where a study's ground truth lies in an archive that has it (a synthetic one, or a research set with follow-up
/// scans segmented): beside the input, <c>NAME.followup.mask.nii.gz</c> (the true follow-up hematoma) and optionally
/// <c>NAME.mask.nii.gz</c> (the true baseline; for a NIfTI input it is also the mask the run uses), on the grid the run
/// analyses. NAME is the zip without <c>.zip</c>, the folder without its <c>/_READY</c>, or the volume without
/// <c>.nii[.gz]</c>. Both names end in <c>.mask.nii.gz</c>, so intake never takes them for studies.
/// </summary>
public static class BackfillTruth
{
    public const string FollowupSuffix = ".followup.mask.nii.gz";

    public const string BaselineSuffix = ".mask.nii.gz";

    public static string FollowupBlob(string inputBlob) => Stem(inputBlob) + FollowupSuffix;

    public static string BaselineBlob(string inputBlob) => Stem(inputBlob) + BaselineSuffix;

    private static string Stem(string inputBlob)
    {
        ArgumentNullException.ThrowIfNull(inputBlob);
        if (inputBlob.EndsWith("/" + IntakeFilter.ReadyMarker, StringComparison.OrdinalIgnoreCase))
        {
            return inputBlob[..^(IntakeFilter.ReadyMarker.Length + 1)];
        }

        if (NiftiStudyLoader.IsNifti(inputBlob))
        {
            return NiftiStudyLoader.MaskPath(inputBlob)[..^BaselineSuffix.Length];
        }

        return inputBlob.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? inputBlob[..^4] : inputBlob;
    }
}
