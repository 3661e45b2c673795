using Hem.Imaging.Volumes;

namespace Hem.Prediction.Grid;

/// <summary>
/// A study on its model grid, ready for the model: the two input channels and the brain they were masked with.
/// </summary>
/// <param name="Grid">Where the model grid lies.</param>
/// <param name="Ct">Channel 0: CT normalised, zero outside the brain.</param>
/// <param name="Mask">Channel 1: the baseline mask as a fraction 0..1 (trilinear, not thresholded).</param>
/// <param name="Brain">The brain on the model grid, 0/1 (brain fraction at least 0.5).</param>
public sealed record PreparedInput(ModelGrid Grid, Volume<float> Ct, Volume<float> Mask, Volume<byte> Brain)
{
    /// <summary>The channels in the model's input order.</summary>
    public IReadOnlyList<Volume<float>> Channels => [Ct, Mask];

    /// <summary>What the model runs on, without the placement on the baseline grid.</summary>
    public ModelInput ModelInput => new(Ct, Mask, Brain);
}
