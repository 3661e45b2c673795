namespace Hem.Imaging.Metrics;

/// <summary>How much growth to predict for one case, and the growth Dice (DOC) that choice can expect.</summary>
public sealed record GrowthChoice(double GrowthMl, double ExpectedDoc);

/// <summary>
/// The best growth Dice (DOC, <see cref="Overlap.GrowthDice"/>) a prediction can expect when the true growth is
/// uncertain. The prediction is granted a perfect shape: its growth region and the true one are nested, so two
/// regions of v and g mL overlap in min(v, g) and their Dice is 2 min(v, g) / (v + g), the most any two regions of
/// those volumes reach. What is left to choose is the volume, against samples of the true growth (mL; zero or
/// less means the hematoma did not grow and its growth region is empty).
/// </summary>
public static class GrowthDiceCeiling
{
    /// <summary>Candidate volumes, log-spaced between the smallest and largest positive sample.</summary>
    public const int GridPoints = 480;

    /// <summary>Golden-section steps that narrow the best grid cell to a 1e-8 part of its width.</summary>
    private const int RefinementSteps = 40;

    /// <summary>The DOC of a perfectly shaped prediction: 1 when neither grows, 0 when only one does.</summary>
    public static double Doc(double predictedGrowthMl, double trueGrowthMl)
    {
        bool predicted = predictedGrowthMl > 0;
        bool grew = trueGrowthMl > 0;
        if (!predicted || !grew)
        {
            return predicted == grew ? 1 : 0;
        }

        return 2 * Math.Min(predictedGrowthMl, trueGrowthMl) / (predictedGrowthMl + trueGrowthMl);
    }

    public static double Expected(double predictedGrowthMl, ReadOnlySpan<double> trueGrowthMl)
    {
        if (trueGrowthMl.IsEmpty)
        {
            throw new ArgumentException("no samples of the true growth", nameof(trueGrowthMl));
        }

        double sum = 0;
        foreach (double g in trueGrowthMl)
        {
            sum += Doc(predictedGrowthMl, g);
        }

        return sum / trueGrowthMl.Length;
    }

    /// <summary>
    /// The volume with the highest expected DOC: no growth, or a volume between the smallest and largest positive
    /// sample (below the smallest every term rises with the volume, above the largest every term falls). That range
    /// is searched on a log-spaced grid, and the best grid point's neighbourhood by golden section.
    /// </summary>
    public static GrowthChoice Best(ReadOnlySpan<double> trueGrowthMl)
    {
        var best = new GrowthChoice(0, Expected(0, trueGrowthMl));
        double low = double.PositiveInfinity;
        double high = 0;
        foreach (double g in trueGrowthMl)
        {
            if (g > 0)
            {
                low = Math.Min(low, g);
                high = Math.Max(high, g);
            }
        }

        if (high == 0)
        {
            return best;
        }

        // One certain growth needs one candidate, not a grid of copies of it.
        int points = high > low ? GridPoints : 1;
        double step = high > low ? Math.Log(high / low) / (GridPoints - 1) : 0;
        int bestPoint = -1;
        for (int i = 0; i < points; i++)
        {
            double v = low * Math.Exp(step * i);
            double expected = Expected(v, trueGrowthMl);
            if (expected > best.ExpectedDoc)
            {
                best = new GrowthChoice(v, expected);
                bestPoint = i;
            }
        }

        if (bestPoint < 0 || step == 0)
        {
            return best;
        }

        var refined = GoldenSection(low * Math.Exp(step * Math.Max(0, bestPoint - 1)), low * Math.Exp(step * Math.Min(GridPoints - 1, bestPoint + 1)), trueGrowthMl);
        return refined.ExpectedDoc > best.ExpectedDoc ? refined : best;
    }

    private static GrowthChoice GoldenSection(double a, double b, ReadOnlySpan<double> trueGrowthMl)
    {
        double ratio = (Math.Sqrt(5) - 1) / 2;
        double c = b - (ratio * (b - a));
        double d = a + (ratio * (b - a));
        double fc = Expected(c, trueGrowthMl);
        double fd = Expected(d, trueGrowthMl);
        for (int i = 0; i < RefinementSteps; i++)
        {
            if (fc >= fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - (ratio * (b - a));
                fc = Expected(c, trueGrowthMl);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + (ratio * (b - a));
                fd = Expected(d, trueGrowthMl);
            }
        }

        return fc >= fd ? new GrowthChoice(c, fc) : new GrowthChoice(d, fd);
    }
}
