namespace Hem.Imaging.Metrics;

/// <summary>
/// Means over the evaluated cases and HE classification. HD95 is averaged over the cases where it is finite
/// (<see cref="Hd95Cases"/> of them): a case where exactly one of P and F is empty has no surface distance. Means
/// are null without cases.
/// </summary>
public sealed record EvaluationSummary(
    int Cases,
    double? MeanDice,
    double? MeanGrowthDice,
    double? MeanAevMl,
    double? MeanAaevMl,
    double? MeanHd95Mm,
    int Hd95Cases,
    BinaryClassification Expansion)
{
    public static EvaluationSummary Of(IReadOnlyList<CaseMetrics> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var finiteHd95 = cases.Select(c => c.Hd95Mm).Where(double.IsFinite).ToList();
        return new EvaluationSummary(
            cases.Count,
            Mean(cases.Select(c => c.Dice)),
            Mean(cases.Select(c => c.GrowthDice)),
            Mean(cases.Select(c => c.AevMl)),
            Mean(cases.Select(c => c.AaevMl)),
            Mean(finiteHd95),
            finiteHd95.Count,
            BinaryClassification.Of(
                [.. cases.Select(c => c.TrueExpansion)],
                [.. cases.Select(c => c.PredictedExpansion)],
                [.. cases.Select(c => c.PredictedGrowthMl)]));
    }

    private static double? Mean(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : list.Average();
    }
}
