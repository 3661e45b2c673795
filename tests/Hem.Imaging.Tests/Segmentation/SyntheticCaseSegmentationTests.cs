namespace Hem.Imaging.Tests.Segmentation;

/// <summary>
/// The classical baseline against the ground truth of <c>hem synth</c>: ten 5 mm cases of one run, segmented as the
/// pipeline does it. The truth is the parenchymal hematoma only (intraventricular extension is not in it, nor in
/// the segmentation), with the blend sign's hypodense part, which no density rule can find: that part is 22-34 HU
/// below the clot, as dense as grey matter and the deep nuclei around it. So a case without the blend sign must
/// reach Dice 0.90 against the whole truth; a case with it must reach 0.90 against the truth's hyperdense part and
/// at least 0.6 against the whole; and the median over the set must reach 0.90 against the whole truth.
/// </summary>
public sealed class SyntheticCaseSegmentationTests(SegmentedSyntheticCases cases) : IClassFixture<SegmentedSyntheticCases>
{
    private const double MinimumDice = 0.90;

    /// <summary>The whole-truth Dice a blend case keeps: measured 0.63-0.82 over the 12 blend cases among 72 generated.</summary>
    private const double BlendFloorDice = 0.6;

    /// <summary>Found volume within this share of the truth's: partial volume along the margin of small hematomas in 5 mm slices.</summary>
    private const double VolumeTolerance = 0.15;

    public static TheoryData<int> CaseNumbers => [.. Enumerable.Range(1, SegmentedSyntheticCases.Count)];

    [Theory]
    [MemberData(nameof(CaseNumbers))]
    public void Each_case_is_segmented_to_its_parenchymal_truth(int caseNumber)
    {
        var result = cases[caseNumber];
        TestContext.Current.SendDiagnosticMessage(result.ToString());

        Assert.True(result.TruthIvhVoxels == 0, $"the truth holds {result.TruthIvhVoxels} voxels of ventricular blood: {result}");
        if (result.HyperdenseDice is { } hyperdenseDice)
        {
            double hyperdenseMl = result.HyperdenseMl!.Value;
            Assert.True(hyperdenseDice >= MinimumDice, $"hyperdense part: {result}");
            Assert.True(result.Dice >= BlendFloorDice, $"whole truth: {result}");
            Assert.True(Math.Abs(result.FoundMl - hyperdenseMl) <= VolumeTolerance * hyperdenseMl, $"volume against the hyperdense part: {result}");
        }
        else
        {
            Assert.True(result.Dice >= MinimumDice, result.ToString());
            Assert.True(Math.Abs(result.FoundMl - result.TruthMl) <= VolumeTolerance * result.TruthMl, $"volume: {result}");
        }
    }

    [Fact]
    public void The_median_Dice_over_the_set_reaches_0_90_against_the_whole_truth()
    {
        var all = cases.All.ToArray();
        foreach (var result in all)
        {
            TestContext.Current.SendDiagnosticMessage(result.ToString());
        }

        var dice = all.Select(c => c.Dice).Order().ToArray();
        double median = (dice[(dice.Length - 1) / 2] + dice[dice.Length / 2]) / 2;
        Assert.True(median >= MinimumDice, $"median Dice {median:0.000}");
    }

    [Fact]
    public void The_set_exercises_ventricular_blood_and_the_density_signs()
    {
        var all = cases.All.ToArray();

        // Otherwise a change of the generator could leave the rules above untested.
        Assert.Contains(all, c => c.Signs.Ivh);
        Assert.Contains(all, c => c.Signs.Blend);
        Assert.Contains(all, c => c.Signs.Swirl || c.Signs.BlackHole);
    }
}
