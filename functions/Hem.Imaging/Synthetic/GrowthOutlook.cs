namespace Hem.Imaging.Synthetic;

/// <summary>
/// Everything the baseline can tell about how much a synthetic hematoma will grow: the generator's own
/// distribution of growth (follow-up minus baseline volume, mL) for a baseline's signs, volume and expansion
/// probability. Draws go through <see cref="GrowthModel"/> exactly as <see cref="SyntheticCase"/> draws the one
/// follow-up it keeps, so the samples are what any predictor that sees only the baseline is up against.
/// </summary>
public static class GrowthOutlook
{
    /// <summary>The most draws one outlook may ask for: enough for three-digit expectations, bounded in memory.</summary>
    public const int MaxDraws = 1_000_000;

    public static double[] Draw(Random random, HematomaSigns signs, double baselineMl, double expansionProbability, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(signs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxDraws);
        var growth = new double[count];
        for (int i = 0; i < count; i++)
        {
            growth[i] = DrawOne(random, signs, baselineMl, expansionProbability);
        }

        return growth;
    }

    public static double DrawOne(Random random, HematomaSigns signs, double baselineMl, double expansionProbability)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (!(baselineMl > 0) || double.IsInfinity(baselineMl))
        {
            throw new ArgumentOutOfRangeException(nameof(baselineMl), "the baseline volume must be positive and finite");
        }

        if (!(expansionProbability is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(expansionProbability), "a probability lies in [0, 1]");
        }

        bool expands = random.Chance(expansionProbability);
        return GrowthModel.DrawFollowUp(random, signs, baselineMl, expands) - baselineMl;
    }
}
