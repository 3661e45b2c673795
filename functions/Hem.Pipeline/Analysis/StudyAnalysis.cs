using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;
using Hem.Prediction;

namespace Hem.Pipeline.Analysis;

/// <summary>What the analysis found for one study, on the baseline CT's grid.</summary>
/// <param name="Study">The baseline study it worked on.</param>
/// <param name="Brain">The brain mask.</param>
/// <param name="BaselineMask">The baseline hematoma (segmented, or the one given).</param>
/// <param name="Prediction">The predicted follow-up hematoma.</param>
/// <param name="Abc">ABC/2 measured on the baseline mask, or null when it is empty.</param>
/// <param name="Warnings">What a reader of the result should know (implausible brain, no hematoma, corrections).</param>
public sealed record StudyAnalysis(
    BaselineStudy Study,
    Volume<byte> Brain,
    Volume<byte> BaselineMask,
    FollowupPrediction Prediction,
    AbcEstimate? Abc,
    IReadOnlyList<string> Warnings)
{
    public double BaselineMl => MaskVolume.Ml(BaselineMask);

    public double PredictedMl => Prediction.VolumeMl;

    /// <summary>
    /// The analysis of a study from its parts: the warnings are the volume's corrections, the brain's, and a missing
    /// hematoma; ABC/2 is measured on a non-empty baseline mask.
    /// </summary>
    public static StudyAnalysis Assemble(BaselineStudy study, BrainFinding brain, Volume<byte> baselineMask, FollowupPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(brain);
        bool empty = MaskVolume.VoxelCount(baselineMask) == 0;
        var warnings = study.Corrections.Select(StudyWarnings.Correction).Concat(brain.Warnings).ToList();
        if (empty)
        {
            warnings.Add(StudyWarnings.NoHematoma);
        }

        return new StudyAnalysis(study, brain.Mask, baselineMask, prediction, empty ? null : AbcOverTwo.Estimate(baselineMask), warnings);
    }
}
