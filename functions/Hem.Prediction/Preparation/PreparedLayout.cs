namespace Hem.Prediction.Preparation;

/// <summary>
/// What <c>hem prepare</c> writes (docs/MODEL-CONTRACT.md, "Prepared layout"): <see cref="Manifest"/> at the top,
/// and per case a folder of NIfTI files on the case's model grid with <see cref="CaseJson"/>.
/// </summary>
public static class PreparedLayout
{
    public const string Manifest = "preprocessing.json";

    /// <summary>float32: the CT channel (normalised, zero outside the brain).</summary>
    public const string Ct = "ct.nii.gz";

    /// <summary>float32: the baseline mask fraction.</summary>
    public const string Mask = "mask.nii.gz";

    /// <summary>uint8: the brain on the model grid.</summary>
    public const string Brain = "brain.nii.gz";

    /// <summary>float32: the follow-up mask fraction (when the case has a follow-up mask).</summary>
    public const string FollowupMask = "followup.mask.nii.gz";

    /// <summary>float32: the follow-up CT channel (when the case has a follow-up CT).</summary>
    public const string FollowupCt = "followup.ct.nii.gz";

    public const string CaseJson = "prepared.json";
}
