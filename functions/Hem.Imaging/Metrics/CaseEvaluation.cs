using Hem.Imaging.Volumes;

namespace Hem.Imaging.Metrics;

/// <summary>Compares one case's predicted follow-up mask with the truth. All three masks must share one grid.</summary>
public static class CaseEvaluation
{
    public static CaseMetrics Compare(Volume<byte> baseline, Volume<byte> followup, Volume<byte> prediction, ExpansionCriterion criterion)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        MaskGrids.RequireSame(baseline, followup);
        MaskGrids.RequireSame(baseline, prediction);
        double baselineMl = MaskVolume.Ml(baseline);
        double followupMl = MaskVolume.Ml(followup);
        double predictedMl = MaskVolume.Ml(prediction);
        return new CaseMetrics(
            baselineMl,
            followupMl,
            predictedMl,
            Overlap.Dice(prediction, followup),
            Overlap.GrowthDice(baseline, followup, prediction),
            predictedMl - followupMl,
            SurfaceDistance.Hausdorff95(prediction, followup),
            followupMl > 0 ? (predictedMl - followupMl) / followupMl : null,
            criterion.IsExpansion(baselineMl, followupMl),
            criterion.IsExpansion(baselineMl, predictedMl),
            (MaskVolume.VoxelCount(prediction) - MaskVolume.IntersectionCount(prediction, baseline)) * prediction.VoxelVolumeMl);
    }
}
