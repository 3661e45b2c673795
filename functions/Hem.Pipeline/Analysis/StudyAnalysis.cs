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
}
