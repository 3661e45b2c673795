namespace Hem.Imaging.Metrics;

/// <summary>
/// How well a yes/no prediction and a continuous score separate cases over many of them. Each value is null when
/// it is undefined: sensitivity without positive cases, specificity without negative ones, AUC without both.
/// </summary>
public sealed record BinaryClassification(int Positives, int Negatives, int TruePositives, int TrueNegatives, double? Sensitivity, double? Specificity, double? Auc)
{
    /// <summary>Sensitivity, specificity and the AUC of <paramref name="score"/> (higher means more likely positive).</summary>
    public static BinaryClassification Of(IReadOnlyList<bool> truth, IReadOnlyList<bool> predicted, IReadOnlyList<double> score)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(score);
        if (predicted.Count != truth.Count || score.Count != truth.Count)
        {
            throw new ArgumentException("truth, predictions and scores must be given for the same cases", nameof(predicted));
        }

        int positives = 0, negatives = 0, truePositives = 0, trueNegatives = 0;
        for (int i = 0; i < truth.Count; i++)
        {
            if (truth[i])
            {
                positives++;
                truePositives += predicted[i] ? 1 : 0;
            }
            else
            {
                negatives++;
                trueNegatives += predicted[i] ? 0 : 1;
            }
        }

        return new BinaryClassification(
            positives,
            negatives,
            truePositives,
            trueNegatives,
            positives == 0 ? null : (double)truePositives / positives,
            negatives == 0 ? null : (double)trueNegatives / negatives,
            MannWhitneyAuc(truth, score));
    }

    /// <summary>
    /// The area under the ROC curve as the Mann-Whitney statistic: the probability that a random positive scores
    /// above a random negative, ties counting one half. From mid-ranks: (R+ - P(P + 1)/2) / (P N), O(n log n).
    /// </summary>
    public static double? MannWhitneyAuc(IReadOnlyList<bool> truth, IReadOnlyList<double> score)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(score);
        if (score.Any(double.IsNaN))
        {
            throw new ArgumentException("a score is NaN", nameof(score));
        }

        int n = truth.Count;
        int[] order = [.. Enumerable.Range(0, n).OrderBy(i => score[i])];
        double positiveRanks = 0;
        int positives = 0;
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && score[order[end + 1]] == score[order[start]])
            {
                end++;
            }

            // Ranks start + 1 .. end + 1 share their mean.
            double midRank = ((start + 1) + (end + 1)) / 2.0;
            for (int k = start; k <= end; k++)
            {
                if (truth[order[k]])
                {
                    positiveRanks += midRank;
                    positives++;
                }
            }

            start = end + 1;
        }

        int negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        return (positiveRanks - (positives * (positives + 1) / 2.0)) / ((double)positives * negatives);
    }
}
