using Hem.Imaging.Metrics;

namespace Hem.Imaging.Tests.Metrics;

public sealed class BinaryClassificationTests
{
    [Fact]
    public void Sensitivity_specificity_and_a_tied_auc_by_hand()
    {
        bool[] truth = [true, true, false, false, true];
        bool[] predicted = [true, false, false, true, true];
        double[] score = [3, 1, 1, 0, 2];
        var result = BinaryClassification.Of(truth, predicted, score);
        Assert.Equal(3, result.Positives);
        Assert.Equal(2, result.Negatives);
        Assert.Equal(2.0 / 3, result.Sensitivity!.Value, 12);
        Assert.Equal(0.5, result.Specificity!.Value, 12);
        // Positive-negative pairs: (3,1) (3,0) (1,1)=1/2 (1,0) (2,1) (2,0): 5.5 of 6.
        Assert.Equal(5.5 / 6, result.Auc!.Value, 12);
    }

    [Fact]
    public void Undefined_rates_are_null_and_all_ties_give_one_half()
    {
        var onlyPositive = BinaryClassification.Of([true, true], [true, false], [1, 2]);
        Assert.Null(onlyPositive.Specificity);
        Assert.Null(onlyPositive.Auc);
        Assert.Equal(0.5, onlyPositive.Sensitivity);
        Assert.Equal(0.5, BinaryClassification.MannWhitneyAuc([true, false, true, false], [7, 7, 7, 7]));
        Assert.Equal(0, BinaryClassification.MannWhitneyAuc([true, false], [1, 2]));
    }
}
