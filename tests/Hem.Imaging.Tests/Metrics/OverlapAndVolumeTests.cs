using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Metrics;

public sealed class OverlapAndVolumeTests
{
    // 2 x 2 x 2.5 mm voxels: 0.01 mL each.
    private static readonly Dicom.Series.VolumeGeometry Grid = TestVolumes.Grid(3, 3, 3, 2, 2, 2.5);

    [Fact]
    public void Dice_on_a_3x3x3_grid_by_hand()
    {
        // A: the whole z = 0 plane (9). B: the y = 0 row of that plane (3) and two voxels of z = 1. A ∩ B = 3.
        var a = TestVolumes.Mask(Grid, [.. TestVolumes.Voxels(Grid.Size).Where(v => v.Z == 0)]);
        var b = TestVolumes.Mask(Grid, (0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 0, 1), (1, 1, 1));
        Assert.Equal(2.0 * 3 / (9 + 5), Overlap.Dice(a, b), 12);
        Assert.Equal(1, Overlap.Dice(a, a));
        var empty = Volume.Zeros<byte>(Grid);
        Assert.Equal(1, Overlap.Dice(empty, empty));
        Assert.Equal(0, Overlap.Dice(a, empty));
        Assert.Equal(0.09, MaskVolume.Ml(a), 12);
    }

    [Fact]
    public void The_growth_dice_counts_only_voxels_outside_the_baseline()
    {
        var baseline = TestVolumes.Mask(Grid, (0, 0, 0), (1, 0, 0));
        var followup = TestVolumes.Mask(Grid, (0, 0, 0), (1, 0, 0), (2, 0, 0), (0, 1, 0), (1, 1, 0));
        var prediction = TestVolumes.Mask(Grid, (0, 0, 0), (2, 0, 0), (0, 1, 0), (2, 2, 2));
        // True growth {(2,0,0), (0,1,0), (1,1,0)}, predicted growth {(2,0,0), (0,1,0), (2,2,2)}: 2 shared of 3 + 3.
        Assert.Equal(2.0 * 2 / 6, Overlap.GrowthDice(baseline, followup, prediction), 12);
        // Neither grows: 1. Growth predicted where there is none: 0.
        Assert.Equal(1, Overlap.GrowthDice(baseline, baseline, baseline));
        Assert.Equal(0, Overlap.GrowthDice(baseline, baseline, followup));

        var metrics = CaseEvaluation.Compare(baseline, followup, prediction, ExpansionCriterion.Default);
        Assert.Equal(0.02, metrics.BaselineMl, 12);
        Assert.Equal(0.05, metrics.FollowupMl, 12);
        Assert.Equal(0.04, metrics.PredictedMl, 12);
        Assert.Equal(-0.01, metrics.AevMl, 12);
        Assert.Equal(0.01, metrics.AaevMl, 12);
        Assert.Equal(-0.2, metrics.RelativeVolumeDifference!.Value, 12);
        Assert.Equal(2.0 * 3 / (5 + 4), metrics.Dice, 12);
        Assert.Equal(0.02, metrics.PredictedGrowthMl, 12);
        Assert.Equal(0.03, metrics.PredictedGrowthRegionMl, 12);  // three voxels outside the baseline, one baseline voxel dropped
        Assert.True(metrics.TrueExpansion);       // 0.02 -> 0.05 mL is +150 %
        Assert.True(metrics.PredictedExpansion);  // 0.02 -> 0.04 mL is +100 %
    }

    [Fact]
    public void Masks_on_different_grids_are_refused()
    {
        var a = Volume.Zeros<byte>(Grid);
        var b = Volume.Zeros<byte>(TestVolumes.Grid(3, 3, 3, 2, 2, 5));
        var error = Assert.Throws<ArgumentException>(() => Overlap.Dice(a, b));
        Assert.Contains("not on the same grid", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10, 16, true)]      // +6 mL
    [InlineData(10, 15.9, true)]    // +5.9 mL but +59 %
    [InlineData(30, 35.9, false)]   // +5.9 mL, +19.7 %
    [InlineData(3, 3.99, true)]     // +33 %
    [InlineData(3, 3.98, false)]    // +32.7 %
    [InlineData(0, 5, false)]       // a new bleed counts only by the 6 mL arm
    [InlineData(0, 6, true)]
    [InlineData(20, 12, false)]
    public void Expansion_is_6_mL_or_33_percent(double baseline, double followup, bool expected) =>
        Assert.Equal(expected, ExpansionCriterion.Default.IsExpansion(baseline, followup));
}
