using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// Classical brain extraction from a head CT: the skull is found by its density, its inside by filling each slice
/// of the sealed skull, and the brain is the largest soft-tissue body in there.
/// </summary>
/// <remarks>
/// Steps, all on the CT after a 3 x 3 in-plane median: (1) bone = HU at or above the bone threshold; (2) the bone is
/// closed with a ball so that gaps of the skull base and thin bone are sealed, and each axial slice of it is
/// hole-filled; what is filled, less the bone itself, is the skull's interior. Filling per slice is what makes the
/// open bottom of the skull (foramen magnum, neck) harmless: a 3D fill would leak out through it. (3) Candidates
/// are interior voxels in the soft-tissue range, at least the bone margin away from bone. (4) They are eroded to
/// cut narrow bridges (orbits, skull-base foramina), the largest 26-connected body is kept and grown back inside
/// the candidates, so the brain keeps its own border. (5) Enclosed holes (calcifications, hyperdense clots) are
/// filled in 3D and per slice, a light opening removes threads, and the largest component is the brain.
/// </remarks>
public sealed class BrainExtractor : IBrainExtractor
{
    private readonly BrainExtractionOptions _options;

    public BrainExtractor(BrainExtractionOptions? options = null)
    {
        _options = options ?? BrainExtractionOptions.Default;
        _options.Validate();
    }

    public BrainExtraction Extract(Volume<short> ct, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ct);
        var smoothed = InPlaneMedian.Apply(ct);
        var bone = Masks.InRange(smoothed, _options.BoneMinimumHu, short.MaxValue);
        cancellationToken.ThrowIfCancellationRequested();

        var interior = HoleFilling.FillPerSlice(BinaryMorphology.Close(bone, _options.SkullSealingRadiusMm));
        Masks.SubtractInPlace(interior, bone);
        double enclosedMl = Masks.VolumeMl(interior);
        cancellationToken.ThrowIfCancellationRequested();

        var candidates = Masks.InRange(smoothed, _options.SoftTissueMinimumHu, _options.SoftTissueMaximumHu);
        Masks.IntersectInPlace(candidates, interior);
        Masks.SubtractInPlace(candidates, BinaryMorphology.Dilate(bone, _options.BoneMarginMm));
        cancellationToken.ThrowIfCancellationRequested();

        var core = ConnectedComponents.Largest(BinaryMorphology.Erode(candidates, _options.SeparationRadiusMm), Connectivity.Full);
        var brain = Masks.IntersectInPlace(BinaryMorphology.Dilate(core, _options.SeparationRadiusMm), candidates);
        cancellationToken.ThrowIfCancellationRequested();

        brain = HoleFilling.FillPerSlice(HoleFilling.Fill3D(brain));
        brain = ConnectedComponents.Largest(BinaryMorphology.Open(brain, _options.SmoothingRadiusMm), Connectivity.Full);
        double volumeMl = Masks.VolumeMl(brain);
        bool plausible = volumeMl >= _options.PlausibleMinimumMl && volumeMl <= _options.PlausibleMaximumMl;
        return new BrainExtraction(brain, volumeMl, enclosedMl, plausible);
    }
}
