using Hem.Dicom.Series;
using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// The steps of <see cref="BrainExtractor"/> on a box cut out of the CT, on plain arrays the size of the box that
/// the steps share and overwrite in turn, so a run allocates a handful of box-sized arrays whatever its step count.
/// One instance serves one extraction.
/// </summary>
internal sealed class BoxedBrainExtraction
{
    private readonly BrainExtractionOptions _options;
    private readonly VolumeGeometry _block;
    private readonly byte[] _bone;
    private readonly byte[] _candidates;
    private readonly byte[] _work;
    private readonly BlockMorphology _morphology;
    private readonly BlockComponents _components = new();

    public BoxedBrainExtraction(BrainExtractionOptions options, VolumeGeometry block)
    {
        _options = options;
        _block = block;
        int length = checked((int)block.Size.VoxelCount);
        _bone = GC.AllocateUninitializedArray<byte>(length);
        _candidates = GC.AllocateUninitializedArray<byte>(length);
        _work = GC.AllocateUninitializedArray<byte>(length);
        _morphology = new BlockMorphology(block);
    }

    /// <summary>The brain as 0/1 over the box (box rows in order), and what the sealed skull encloses.</summary>
    public byte[] Run(Volume<short> ct, VoxelBox box, CancellationToken cancellationToken, out double enclosedMl)
    {
        Classify(ct, box);
        cancellationToken.ThrowIfCancellationRequested();

        var filled = SealedSkullFilled();
        enclosedMl = (Masks.Count(filled) - Masks.Count(_bone)) * VoxelVolumeMl;
        cancellationToken.ThrowIfCancellationRequested();

        var nearBone = _bone;
        _morphology.Dilate(_bone, nearBone, _options.BoneMarginMm);
        Masks.IntersectInPlace(_candidates, filled);
        Masks.SubtractInPlace(_candidates, nearBone);
        cancellationToken.ThrowIfCancellationRequested();

        var brain = _work;
        _morphology.Erode(_candidates, brain, _options.SeparationRadiusMm);
        _components.KeepLargest(brain, brain, _block.Size, Connectivity.Full);
        _morphology.Dilate(brain, brain, _options.SeparationRadiusMm);
        Masks.IntersectInPlace(brain, _candidates);
        cancellationToken.ThrowIfCancellationRequested();

        BlockHoleFilling.Fill3D(brain, brain, _block.Size);
        BlockHoleFilling.FillPerSlice(brain, brain, _block.Size);
        _morphology.Erode(brain, brain, _options.SmoothingRadiusMm);
        _morphology.Dilate(brain, brain, _options.SmoothingRadiusMm);
        _components.KeepLargest(brain, brain, _block.Size, Connectivity.Full);
        return brain;
    }

    private double VoxelVolumeMl => _block.Spacing.X * _block.Spacing.Y * _block.Spacing.Z / 1000.0;

    /// <summary>Bone and soft tissue by the HU of the median-filtered CT, a slice at a time.</summary>
    private void Classify(Volume<short> ct, VoxelBox box)
    {
        int plane = checked((int)box.Size.VoxelsPerSlice);
        Parallel.For(
            box.Z0,
            box.Z1,
            () => (Columns: InPlaneMedian.ColumnsFor(ct, box), Smoothed: GC.AllocateUninitializedArray<short>(plane)),
            (z, _, buffers) =>
            {
                InPlaneMedian.ApplyToSlice(ct, box, z, buffers.Smoothed, buffers.Columns);
                int start = (z - box.Z0) * plane;
                Masks.InRange(buffers.Smoothed, _bone.AsSpan(start, plane), _options.BoneMinimumHu, short.MaxValue);
                Masks.InRange(buffers.Smoothed, _candidates.AsSpan(start, plane), _options.SoftTissueMinimumHu, _options.SoftTissueMaximumHu);
                return buffers;
            },
            _ => { });
    }

    /// <summary>The bone closed by the sealing ball, each slice of it hole-filled (bone included: the closing is extensive).</summary>
    private byte[] SealedSkullFilled()
    {
        var filled = _work;
        _morphology.Dilate(_bone, filled, _options.SkullSealingRadiusMm);
        _morphology.Erode(filled, filled, _options.SkullSealingRadiusMm);
        BlockHoleFilling.FillPerSlice(filled, filled, _block.Size);
        return filled;
    }
}
