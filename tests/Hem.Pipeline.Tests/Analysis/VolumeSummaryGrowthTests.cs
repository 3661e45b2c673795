using Hem.Pipeline.Analysis;

namespace Hem.Pipeline.Tests.Analysis;

public sealed class VolumeSummaryGrowthTests
{
    [Theory]
    // 10.004 -> 10.00 and 11.016 -> 11.02: the file says 11.02 - 10.00 = 1.02, although 1.012 rounds to 1.01
    [InlineData(10.004, 11.016, 1.02)]
    // 10.006 -> 10.01 and 11.014 -> 11.01: 1.00, although 1.008 rounds to 1.01
    [InlineData(10.006, 11.014, 1.00)]
    [InlineData(20.0, 15.554, -4.45)]
    [InlineData(0.0, 0.0, 0.0)]
    public void The_growth_is_the_difference_of_the_rounded_volumes(double baselineMl, double predictedMl, double expected)
    {
        double growth = VolumeSummary.GrowthMl(baselineMl, predictedMl);

        Assert.Equal(expected, growth);
        double baseline = Math.Round(baselineMl, 2, MidpointRounding.AwayFromZero);
        double predicted = Math.Round(predictedMl, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(predicted - baseline, growth, 9);
    }
}
