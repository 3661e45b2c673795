using Hem.Imaging.Metrics;
using Hem.Imaging.Synthetic;

namespace Hem.Imaging.Tests.Synthetic;

/// <summary>
/// The generator's growth distribution, drawn through <see cref="GrowthOutlook"/>, against the distribution worked
/// out by hand from the growth model's documented formulas, and the best DOC under it against closed-form integrals.
/// </summary>
public sealed class GrowthOutlookTests
{
    private static readonly HematomaSigns NoSigns = new(false, false, false, false, false, false, false);

    private static readonly HematomaSigns AllSigns = new(true, true, false, true, true, false, false);

    private const int Draws = 200_000;

    [Fact]
    public void Expanders_grow_at_least_the_threshold_margin_and_by_the_exponential_tail_on_average()
    {
        // Baseline 30 mL, no signs: threshold min(6, 0.33*30) = 6; growth 6 (1.15 + T), T exponential with mean 0.9,
        // capped at 84 - 30 = 54 mL (T <= 7.85, probability e^-8.7: no effect on the mean). Mean 6.9 + 5.4 = 12.3.
        double[] growth = GrowthOutlook.Draw(new Random(3), NoSigns, 30, 1, Draws);
        Assert.True(growth.Min() >= 6.9 - 1e-9, $"smallest growth {growth.Min()}");
        Assert.Equal(12.3, growth.Average(), tolerance: 0.06);
    }

    [Fact]
    public void More_signs_lengthen_the_tail_up_to_the_cap()
    {
        // Four signs: T has mean 0.9 * 1.8 = 1.62, and the cap T <= 7.85 cuts E[min(T, 7.85)] to 1.62 (1 - e^(-7.85/1.62)),
        // so the mean growth is 6.9 + 6 * 1.6074 = 16.544; the largest is the cap, 54 mL.
        double[] growth = GrowthOutlook.Draw(new Random(4), AllSigns, 30, 1, Draws);
        Assert.Equal(6.9 + (6 * 1.62 * (1 - Math.Exp(-7.85 / 1.62))), growth.Average(), tolerance: 0.1);
        Assert.Equal(54, growth.Max(), 9);
    }

    [Fact]
    public void The_expansion_probability_is_the_share_of_expanders()
    {
        // At 30 mL a non-expander grows at most 0.8 * 6 = 4.8 mL, an expander at least 6.9 mL.
        double[] growth = GrowthOutlook.Draw(new Random(5), NoSigns, 30, 0.3, Draws);
        Assert.Equal(0.3, growth.Count(g => g >= 6.9) / (double)Draws, tolerance: 0.005);
        Assert.Equal(0, growth.Count(g => g is > 4.8 and < 6.9));
    }

    [Fact]
    public void Non_expanders_follow_the_three_uniform_pieces()
    {
        // Baseline 10 mL: relative change U(-0.12, -0.02) with 0.25, U(-0.02, 0.03) with 0.30, U(0.03, 0.264) with 0.45
        // (0.264 = 0.8 * min(6, 3.3) / 10), so the growth does not exceed 0 with probability 0.25 + 0.30 * 0.4 = 0.37.
        double[] growth = GrowthOutlook.Draw(new Random(6), NoSigns, 10, 0, Draws);
        Assert.Equal(0.37, growth.Count(g => g <= 0) / (double)Draws, tolerance: 0.005);
        Assert.InRange(growth.Min(), -1.2, -1.19);
        Assert.InRange(growth.Max(), 2.63, 2.64);
    }

    [Fact]
    public void The_best_doc_over_drawn_growth_matches_the_closed_form_integral()
    {
        // Same non-expander as above. Growth density 0.6 per mL on (0, 0.3] and 0.45 / 2.34 on (0.3, 2.64]; with
        // v > 0, E(v) = P(g <= 0) * 0 + the integral of 2 min(v, g) / (v + g) against that density, in closed form.
        double[] growth = GrowthOutlook.Draw(new Random(7), NoSigns, 10, 0, Draws);
        var best = GrowthDiceCeiling.Best(growth);

        double bestIntegral = 0;
        double bestVolume = 0;
        for (double v = 0.01; v <= 2.64; v += 0.0005)
        {
            double e = ExpectedDocIntegral(v);
            if (e > bestIntegral)
            {
                (bestIntegral, bestVolume) = (e, v);
            }
        }

        Assert.True(bestIntegral > 0.37, "predicting some growth should beat predicting none here");
        Assert.Equal(bestIntegral, best.ExpectedDoc, tolerance: 0.005);
        Assert.Equal(bestIntegral, ExpectedDocIntegral(best.GrowthMl), tolerance: 0.002);
        Assert.InRange(best.GrowthMl, bestVolume * 0.8, bestVolume * 1.25);
    }

    [Theory]
    [InlineData(0, 0.5)]
    [InlineData(-1, 0.5)]
    [InlineData(double.PositiveInfinity, 0.5)]
    [InlineData(10, 1.5)]
    [InlineData(10, -0.1)]
    [InlineData(10, double.NaN)]
    public void Impossible_baselines_and_probabilities_are_refused(double baselineMl, double probability) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GrowthOutlook.Draw(new Random(1), NoSigns, baselineMl, probability, 10));

    private static double ExpectedDocIntegral(double v) =>
        Piece(v, 0, 0.3, 0.6) + Piece(v, 0.3, 2.64, 0.45 / 2.34);

    /// <summary>
    /// The integral over [a, b] of density c times 2 min(v, g) / (v + g): below v the antiderivative of 2g / (v + g)
    /// is 2 (g - v ln(v + g)); above v that of 2v / (v + g) is 2v ln(v + g).
    /// </summary>
    private static double Piece(double v, double a, double b, double c)
    {
        double total = 0;
        double split = Math.Clamp(v, a, b);
        total += 2 * ((split - (v * Math.Log(v + split))) - (a - (v * Math.Log(v + a))));
        total += 2 * v * (Math.Log(v + b) - Math.Log(v + split));
        return c * total;
    }
}
