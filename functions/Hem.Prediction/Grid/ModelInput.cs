using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;

namespace Hem.Prediction.Grid;

/// <summary>
/// What the model runs on: the two input channels and the brain, all on one model grid (docs/MODEL-CONTRACT.md).
/// This, not the study, is what the inference service receives.
/// </summary>
public sealed record ModelInput
{
    public ModelInput(Volume<float> ct, Volume<float> mask, Volume<byte> brain)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(brain);
        if (!MaskGrids.AreSame(ct.Geometry, mask.Geometry) || !MaskGrids.AreSame(ct.Geometry, brain.Geometry))
        {
            throw new PredictionInputException("the CT channel, the mask channel and the brain are not on one grid");
        }

        Ct = ct;
        Mask = mask;
        Brain = brain;
    }

    /// <summary>Channel 0: CT normalised, zero outside the brain.</summary>
    public Volume<float> Ct { get; }

    /// <summary>Channel 1: the baseline mask as a fraction 0..1.</summary>
    public Volume<float> Mask { get; }

    /// <summary>The brain on the model grid, 0/1: the prediction is zero outside it.</summary>
    public Volume<byte> Brain { get; }

    /// <summary>The channels in the model's input order.</summary>
    public IReadOnlyList<Volume<float>> Channels => [Ct, Mask];
}
