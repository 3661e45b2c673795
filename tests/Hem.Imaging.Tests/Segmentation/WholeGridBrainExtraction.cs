using Hem.Imaging.Morphology;
using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

/// <summary>
/// The steps of <see cref="BrainExtractor"/> as they were first written: every one on the whole grid with the
/// general volume operations. The extractor crops and uses its own kernels for speed; this is what it must equal.
/// </summary>
internal static class WholeGridBrainExtraction
{
    public static BrainExtraction Extract(Volume<short> ct, BrainExtractionOptions options)
    {
        var smoothed = InPlaneMedian.Apply(ct);
        var bone = Masks.InRange(smoothed, options.BoneMinimumHu, short.MaxValue);

        var interior = HoleFilling.FillPerSlice(BinaryMorphology.Close(bone, options.SkullSealingRadiusMm));
        Masks.SubtractInPlace(interior, bone);
        double enclosedMl = Masks.VolumeMl(interior);

        var candidates = Masks.InRange(smoothed, options.SoftTissueMinimumHu, options.SoftTissueMaximumHu);
        Masks.IntersectInPlace(candidates, interior);
        Masks.SubtractInPlace(candidates, BinaryMorphology.Dilate(bone, options.BoneMarginMm));

        var core = ConnectedComponents.Largest(BinaryMorphology.Erode(candidates, options.SeparationRadiusMm), Connectivity.Full);
        var brain = Masks.IntersectInPlace(BinaryMorphology.Dilate(core, options.SeparationRadiusMm), candidates);

        brain = HoleFilling.FillPerSlice(HoleFilling.Fill3D(brain));
        brain = ConnectedComponents.Largest(BinaryMorphology.Open(brain, options.SmoothingRadiusMm), Connectivity.Full);
        double volumeMl = Masks.VolumeMl(brain);
        bool plausible = volumeMl >= options.PlausibleMinimumMl && volumeMl <= options.PlausibleMaximumMl;
        return new BrainExtraction(brain, volumeMl, enclosedMl, plausible);
    }
}
