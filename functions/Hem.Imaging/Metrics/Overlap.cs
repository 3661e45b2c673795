using Hem.Imaging.Volumes;

namespace Hem.Imaging.Metrics;

/// <summary>Overlap between masks on one grid.</summary>
public static class Overlap
{
    /// <summary>
    /// Dice = 2 |A ∩ B| / (|A| + |B|). Two empty masks agree perfectly: 1 (a prediction of "nothing" where there
    /// is nothing is right, and 0/0 must not become NaN in a mean).
    /// </summary>
    public static double Dice(Volume<byte> a, Volume<byte> b)
    {
        long both = MaskVolume.IntersectionCount(a, b);
        long total = MaskVolume.VoxelCount(a) + MaskVolume.VoxelCount(b);
        return total == 0 ? 1 : 2.0 * both / total;
    }

    /// <summary>
    /// The growth-area Dice (DOC) of Abramova et al.: with baseline B, true follow-up F and predicted follow-up P,
    /// the Dice of the true growth F \ B and the predicted growth P \ B. Only voxels outside the baseline count, so
    /// the baseline hematoma (which any copy of the input predicts) earns nothing. 1 when neither grows.
    /// </summary>
    public static double GrowthDice(Volume<byte> baseline, Volume<byte> followup, Volume<byte> prediction) =>
        Dice(MaskVolume.Difference(followup, baseline), MaskVolume.Difference(prediction, baseline));
}
