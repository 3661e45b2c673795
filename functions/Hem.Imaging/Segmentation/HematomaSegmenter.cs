using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Segmentation;

/// <summary>
/// The classical baseline for acute hemorrhage: hyperdense voxels of the brain, kept where they form bodies thick
/// enough and deep enough to be a clot rather than noise, partial volume of bone or a calcification's halo. The mask
/// is the parenchymal hematoma: blood in the ventricles (intraventricular extension) is left out.
/// </summary>
/// <remarks>
/// Steps, on the CT after a 3 x 3 in-plane median: (1) candidates are brain voxels in the blood range that are also
/// at least the slice contrast above their slice's median brain HU; (2) candidates near a calcification (raw HU) are
/// dropped; (3) candidates whose mirror image across the mid-sagittal plane is a ventricle are ventricular blood and
/// are dropped (<see cref="VentricularBlood"/>); (4) cores are candidates that survive an erosion by the core radius
/// and lie deeper than the border margin inside the brain; (5) candidates within core radius + border margin of a
/// core are kept and split into 26-connected components, and only components holding a core go on; (6) each must be
/// large enough, have little air in a thin shell around it and be hyperdense to the brain in a ring around it (all
/// candidates, ventricular blood too, are left out of the ring); (7) the survivors' enclosed holes are filled in 3D,
/// then slice by slice. Hypodense parts of a clot that reach its margin (the blend sign's) are isodense to brain and
/// are not found.
/// </remarks>
public sealed class HematomaSegmenter : IHematomaSegmenter
{
    private readonly HematomaSegmentationOptions _options;

    public HematomaSegmenter(HematomaSegmentationOptions? options = null)
    {
        _options = options ?? HematomaSegmentationOptions.Default;
        _options.Validate();
    }

    public HematomaSegmentation Segment(Volume<short> ct, Volume<byte> brainMask, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ct);
        ArgumentNullException.ThrowIfNull(brainMask);
        Masks.RequireSameGrid(ct, brainMask, nameof(brainMask));

        var smoothed = InPlaneMedian.Apply(ct);
        var candidates = Candidates(smoothed, brainMask);
        RemoveCalcificationHalos(ct, brainMask, candidates);
        cancellationToken.ThrowIfCancellationRequested();

        var depthMm = DistanceTransform.ToBackground(brainMask);
        var parenchymal = candidates;
        if (_options.ExcludeVentricularBlood)
        {
            // A copy: the ring reference still leaves out all candidates, ventricular blood included.
            parenchymal = Masks.SubtractInPlace(candidates.SameGrid((byte[])candidates.Voxels.Clone()), VentricularBlood.Find(candidates, smoothed, brainMask, depthMm, _options));
            cancellationToken.ThrowIfCancellationRequested();
        }

        var cores = BinaryMorphology.Erode(parenchymal, _options.CoreRadiusMm);
        KeepDeep(cores, depthMm);
        var grown = Masks.IntersectInPlace(BinaryMorphology.Dilate(cores, _options.CoreRadiusMm + _options.BorderMarginMm), parenchymal);
        cancellationToken.ThrowIfCancellationRequested();

        var components = ConnectedComponents.Label(grown, Connectivity.Full);
        var statistics = ComponentStatistics.Of(components, ct, cores);
        var surroundings = new ComponentSurroundings(ct, smoothed, brainMask, candidates, _options);
        var accepted = new List<int>();
        var rejected = new List<(int Label, CandidateRejection Reason)>();
        for (int label = 1; label <= components.Count; label++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!statistics.HasCore(label))
            {
                continue;
            }

            if (Judge(components, label, statistics, surroundings) is { } reason)
            {
                rejected.Add((label, reason));
            }
            else
            {
                accepted.Add(label);
            }
        }

        if (_options.LargestComponentOnly && accepted.Count > 1)
        {
            int largest = accepted.MaxBy(components.SizeOf);
            rejected.AddRange(accepted.Where(l => l != largest).Select(l => (l, CandidateRejection.NotLargest)));
            accepted = [largest];
        }

        var keep = accepted.ToHashSet();
        // Hypodense parts of a clot (swirl, black hole) that reach the top or bottom of the hematoma through a
        // thick slice are open in 3D but enclosed in their slice.
        var mask = HoleFilling.FillPerSlice(HoleFilling.Fill3D(components.MaskWhere(keep.Contains)));
        return new HematomaSegmentation(mask, Describe(mask, ct), [.. rejected
            .Select(r => new RejectedCandidate(components.VolumeMlOf(r.Label), statistics.MeanHu(r.Label), statistics.Bounds(r.Label), r.Reason))
            .OrderByDescending(r => r.VolumeMl)]);
    }

    /// <summary>The components of a finished mask, largest first.</summary>
    private static HematomaComponent[] Describe(Volume<byte> mask, Volume<short> ct)
    {
        var components = ConnectedComponents.Label(mask, Connectivity.Full);
        var statistics = ComponentStatistics.Of(components, ct, cores: null);
        return [.. Enumerable.Range(1, components.Count)
            .Select(l => new HematomaComponent(components.SizeOf(l), components.VolumeMlOf(l), statistics.MeanHu(l), statistics.Bounds(l)))
            .OrderByDescending(c => c.VoxelCount)];
    }

    private CandidateRejection? Judge(ComponentLabels components, int label, ComponentStatistics statistics, ComponentSurroundings surroundings)
    {
        if (components.VolumeMlOf(label) < _options.MinimumComponentMl)
        {
            return CandidateRejection.TooSmall;
        }

        var (airFraction, contrast) = surroundings.Measure(components.Labels, label, statistics.Bounds(label));
        if (airFraction > _options.MaximumAirFraction)
        {
            return CandidateRejection.AirAround;
        }

        return contrast is { } c && c >= _options.MinimumLocalContrastHu ? null : CandidateRejection.NotHyperdense;
    }

    private Volume<byte> Candidates(Volume<short> smoothed, Volume<byte> brain)
    {
        var medians = HuHistogram.PerSlice(smoothed, brain);
        var size = smoothed.Size;
        int plane = checked((int)size.VoxelsPerSlice);
        var mask = Volume.Zeros<byte>(smoothed.Geometry);
        Parallel.For(0, size.Z, z =>
        {
            if (medians[z] is not { } median)
            {
                return;
            }

            int floor = Math.Max(_options.BloodMinimumHu, median + _options.MinimumSliceContrastHu);
            for (int i = z * plane; i < (z + 1) * plane; i++)
            {
                int hu = smoothed.Voxels[i];
                if (brain.Voxels[i] != 0 && hu >= floor && hu <= _options.BloodMaximumHu)
                {
                    mask.Voxels[i] = 1;
                }
            }
        });
        return mask;
    }

    private void RemoveCalcificationHalos(Volume<short> ct, Volume<byte> brain, Volume<byte> candidates)
    {
        var calcified = Volume.Zeros<byte>(ct.Geometry);
        bool any = false;
        for (int i = 0; i < calcified.Voxels.Length; i++)
        {
            if (brain.Voxels[i] != 0 && ct.Voxels[i] >= _options.CalcificationMinimumHu)
            {
                calcified.Voxels[i] = 1;
                any = true;
            }
        }

        if (any)
        {
            Masks.SubtractInPlace(candidates, BinaryMorphology.Dilate(calcified, _options.CalcificationMarginMm));
        }
    }

    private void KeepDeep(Volume<byte> cores, Volume<float> depthMm)
    {
        float margin = (float)_options.BorderMarginMm;
        for (int i = 0; i < cores.Voxels.Length; i++)
        {
            if (cores.Voxels[i] != 0 && !(depthMm.Voxels[i] > margin))
            {
                cores.Voxels[i] = 0;
            }
        }
    }
}
