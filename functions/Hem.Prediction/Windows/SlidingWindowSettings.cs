namespace Hem.Prediction.Windows;

/// <summary>
/// How patches tile the model grid and how their outputs are blended (docs/MODEL-CONTRACT.md, "Sliding window
/// inference"): neighbouring windows overlap by <see cref="Overlap"/> of a patch, and each output is weighted by a
/// Gaussian of sigma = <see cref="SigmaFraction"/> x patch size per axis (nnU-Net's 1/8), so voxels near a patch's
/// border, which the model sees with little context, count least.
/// </summary>
public sealed record SlidingWindowSettings
{
    public SlidingWindowSettings(double overlap, double sigmaFraction)
    {
        if (!(overlap >= 0 && overlap < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), "the overlap is a fraction of a patch, at least 0 and below 1");
        }

        if (!(sigmaFraction > 0) || !double.IsFinite(sigmaFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaFraction), "the Gaussian's sigma is a positive fraction of the patch size");
        }

        Overlap = overlap;
        SigmaFraction = sigmaFraction;
    }

    /// <summary>Overlap 0.6 (stride 13 for 32-voxel patches), sigma 1/8 of the patch.</summary>
    public static SlidingWindowSettings Default { get; } = new(0.6, 0.125);

    public double Overlap { get; }

    public double SigmaFraction { get; }
}
