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
/// <para>
/// All of it runs at full resolution on a box around the skull, and the result is exactly that of the same steps on
/// the whole grid (see <see cref="WorkingBox"/>): nothing is downsampled, so nothing is lost. Speed comes from the
/// box, from kernels on plain arrays that the steps share (<c>BoxedBrainExtraction</c>): ball morphology from
/// distances along rows, with a separable pass for thin slices (<c>BlockMorphology</c>), labelling and hole
/// filling on runs of voxels rather than voxel by voxel (<c>BlockComponents</c>, <c>BlockHoleFilling</c>), and a
/// vectorised median; and from the threads of <see cref="Parallel"/> over slices where slices are independent.
/// </para>
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
        cancellationToken.ThrowIfCancellationRequested();
        var mask = Volume.Zeros<byte>(ct.Geometry);
        if (WorkingBox(ct) is not { } box)
        {
            return Result(mask, 0, 0);
        }

        var block = RegionOfInterest.GeometryOf(ct.Geometry, box);
        var brain = new BoxedBrainExtraction(_options, block).Run(ct, box, cancellationToken, out double enclosedMl);
        RegionOfInterest.PasteInto(new Volume<byte>(block, brain), box, mask);
        return Result(mask, Masks.Count(brain) * ct.VoxelVolumeMl, enclosedMl);
    }

    private BrainExtraction Result(Volume<byte> mask, double volumeMl, double enclosedMl)
    {
        bool plausible = volumeMl >= _options.PlausibleMinimumMl && volumeMl <= _options.PlausibleMaximumMl;
        return new BrainExtraction(mask, volumeMl, enclosedMl, plausible);
    }

    /// <summary>
    /// The box the steps need, or null when nothing in the CT can be bone (no skull, so nothing enclosed). A median
    /// at or above the bone threshold needs a raw voxel at or above it within one pixel in its slice. Everything the
    /// steps keep lies in the sealed skull, and a closing stays inside its input's bounding box (where that is not cut
    /// by the grid's edge), so the bone's box is enough; the largest radius keeps every dilation inside it, and one
    /// voxel more leaves the box's edge to the background, so erosions and fills see there what they would see on the
    /// whole grid.
    /// </summary>
    private VoxelBox? WorkingBox(Volume<short> ct)
    {
        if (TissueBox.Find(ct, _options.BoneMinimumHu) is not { } bone)
        {
            return null;
        }

        double reach = Math.Max(Math.Max(_options.SkullSealingRadiusMm, _options.BoneMarginMm), Math.Max(_options.SeparationRadiusMm, _options.SmoothingRadiusMm));
        var spacing = ct.Geometry.Spacing;
        var size = ct.Size;
        long mx = 2 + Steps(reach, spacing.X);
        long my = 2 + Steps(reach, spacing.Y);
        long mz = 1 + Steps(reach, spacing.Z);
        return new VoxelBox(
            (int)Math.Max(0, bone.X0 - mx),
            (int)Math.Max(0, bone.Y0 - my),
            (int)Math.Max(0, bone.Z0 - mz),
            (int)Math.Min(size.X, bone.X1 + mx),
            (int)Math.Min(size.Y, bone.Y1 + my),
            (int)Math.Min(size.Z, bone.Z1 + mz));
    }

    private static long Steps(double marginMm, double spacing) => (long)Math.Min(int.MaxValue, Math.Ceiling(marginMm / spacing));
}
