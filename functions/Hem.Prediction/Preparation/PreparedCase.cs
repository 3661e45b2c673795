using Hem.Imaging.Metrics;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Preparation;

/// <summary>
/// One training case on its model grid: the model's input, the follow-up targets, and the volumes measured on the
/// baseline grid from the 0/1 masks.
/// </summary>
public sealed record PreparedCase(string Name, PreparedInput Input, Volume<float>? FollowupMask, Volume<float>? FollowupCt, double BaselineVolumeMl, double? FollowupVolumeMl)
{
    /// <summary>
    /// Prepares a paired case: the brain from <paramref name="brainExtractor"/> on the baseline CT, then the model
    /// input and the follow-up channels. Null when the baseline mask is empty (no ROI).
    /// </summary>
    public static PreparedCase? From(PairedCase paired, ModelInputPreparer preparer, IBrainExtractor brainExtractor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paired);
        ArgumentNullException.ThrowIfNull(preparer);
        ArgumentNullException.ThrowIfNull(brainExtractor);
        if (VoxelBox.Of(paired.BaselineMask) is null)
        {
            return null;
        }

        var brain = brainExtractor.Extract(paired.BaselineCt, cancellationToken).Mask;
        var input = preparer.Prepare(paired.BaselineCt, paired.BaselineMask, brain, cancellationToken)!;
        var followupMask = paired.FollowupMask is { } f ? ModelInputPreparer.FollowupMask(input, f) : null;
        var followupCt = paired.FollowupCt is { } c ? preparer.FollowupCt(input, c) : null;
        double? followupMl = paired.FollowupMask is { } m ? MaskVolume.Ml(m) : null;
        return new PreparedCase(paired.Name, input, followupMask, followupCt, MaskVolume.Ml(paired.BaselineMask), followupMl);
    }

    public double? GrowthMl => FollowupVolumeMl - BaselineVolumeMl;
}
