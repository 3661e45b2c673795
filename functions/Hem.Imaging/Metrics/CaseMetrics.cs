namespace Hem.Imaging.Metrics;

/// <summary>
/// One case's comparison of a predicted follow-up mask P with the true follow-up F, given the baseline B.
/// Volumes in mL, distances in mm.
/// </summary>
/// <param name="BaselineMl">vol(B).</param>
/// <param name="FollowupMl">vol(F).</param>
/// <param name="PredictedMl">vol(P).</param>
/// <param name="Dice">Dice(P, F); 1 when both are empty.</param>
/// <param name="GrowthDice">DOC: Dice(F \ B, P \ B); 1 when neither grows.</param>
/// <param name="AevMl">vol(P) - vol(F), signed: positive when the prediction is too large.</param>
/// <param name="Hd95Mm">HD95 between P and F; 0 when both are empty, +infinity when only one is.</param>
/// <param name="RelativeVolumeDifference">(vol(P) - vol(F)) / vol(F); null when F is empty.</param>
/// <param name="TrueExpansion">HE by the criterion from vol(B) to vol(F).</param>
/// <param name="PredictedExpansion">HE by the criterion from vol(B) to vol(P).</param>
/// <param name="PredictedGrowthRegionMl">vol(P \ B): the predicted growth region that DOC scores.</param>
public sealed record CaseMetrics(
    double BaselineMl,
    double FollowupMl,
    double PredictedMl,
    double Dice,
    double GrowthDice,
    double AevMl,
    double Hd95Mm,
    double? RelativeVolumeDifference,
    bool TrueExpansion,
    bool PredictedExpansion,
    double PredictedGrowthRegionMl)
{
    /// <summary>|AEV|.</summary>
    public double AaevMl => Math.Abs(AevMl);

    /// <summary>vol(P) - vol(B): the score the HE AUC ranks cases by.</summary>
    public double PredictedGrowthMl => PredictedMl - BaselineMl;
}
