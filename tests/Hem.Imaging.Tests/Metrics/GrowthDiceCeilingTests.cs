using Hem.Imaging.Metrics;

namespace Hem.Imaging.Tests.Metrics;

/// <summary>The DOC of a perfectly shaped prediction and the best growth to predict, against values worked out by hand.</summary>
public sealed class GrowthDiceCeilingTests
{
    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(0, -1.5, 1)]
    [InlineData(-0.2, -1.5, 1)]
    [InlineData(2, 0, 0)]
    [InlineData(2, -0.4, 0)]
    [InlineData(0, 2, 0)]
    [InlineData(2, 6, 0.5)]
    [InlineData(6, 2, 0.5)]
    [InlineData(3, 3, 1)]
    [InlineData(1, 3, 0.5)]
    public void Doc_of_nested_regions_is_twice_the_smaller_over_the_sum(double predicted, double truth, double expected) =>
        Assert.Equal(expected, GrowthDiceCeiling.Doc(predicted, truth), 12);

    [Fact]
    public void Expected_averages_the_doc_over_the_samples()
    {
        // v = 2 against {no growth, 2, 4}: 0, 1 and 2*2/6.
        Assert.Equal((0 + 1 + (4.0 / 6)) / 3, GrowthDiceCeiling.Expected(2, [-1, 2, 4]), 12);
        Assert.Equal(1.0 / 3, GrowthDiceCeiling.Expected(0, [-1, 2, 4]), 12);
    }

    [Fact]
    public void Best_between_two_growths_is_the_likelier_one()
    {
        // On [2, 8], E(v) = (2 * 2*2/(v+2) + 2v/(v+8)) / 3 is convex (its only stationary point is a minimum), so the best
        // is an end: E(2) = (1 + 1 + 0.4) / 3 = 0.8 against E(8) = (0.4 + 0.4 + 1) / 3 = 0.6.
        var best = GrowthDiceCeiling.Best([2, 2, 8]);
        Assert.Equal(2, best.GrowthMl, 9);
        Assert.Equal(0.8, best.ExpectedDoc, 9);
        Assert.Equal(0.6, GrowthDiceCeiling.Expected(8, [2, 2, 8]), 12);
    }

    [Fact]
    public void Best_is_no_growth_when_most_samples_do_not_grow()
    {
        // No growth scores 3/4; any v > 0 scores at most 1/4 (only the sample of 5).
        var best = GrowthDiceCeiling.Best([-1, -0.5, 0, 5]);
        Assert.Equal(0, best.GrowthMl);
        Assert.Equal(0.75, best.ExpectedDoc, 12);
    }

    [Fact]
    public void Best_finds_a_certain_growth_exactly()
    {
        Assert.Equal(new GrowthChoice(3, 1), GrowthDiceCeiling.Best([3, 3, 3]));
        Assert.Equal(new GrowthChoice(0, 1), GrowthDiceCeiling.Best([-2, 0, -0.1]));
    }

    [Fact]
    public void Best_between_the_smallest_and_largest_sample_beats_every_grid_neighbour()
    {
        double[] samples = [-0.3, 0.2, 0.5, 0.9, 1.7, 3.1, 6.4, 12];
        var best = GrowthDiceCeiling.Best(samples);
        for (double v = 0.01; v < 20; v *= 1.001)
        {
            Assert.True(GrowthDiceCeiling.Expected(v, samples) <= best.ExpectedDoc + 1e-12, $"v = {v}");
        }
    }

    [Fact]
    public void No_samples_is_refused() =>
        Assert.Throws<ArgumentException>(() => GrowthDiceCeiling.Best([]));
}
