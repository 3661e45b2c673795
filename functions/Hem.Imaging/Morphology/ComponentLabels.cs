using Hem.Imaging.Volumes;

namespace Hem.Imaging.Morphology;

/// <summary>
/// The connected components of a mask: <see cref="Labels"/> holds 0 off the mask and 1..<see cref="Count"/> on
/// it, numbered in the order their first voxel appears (x fastest, then y, then z), so labelling is deterministic.
/// </summary>
public sealed class ComponentLabels
{
    private readonly long[] _sizes;

    internal ComponentLabels(Volume<int> labels, long[] sizes)
    {
        Labels = labels;
        _sizes = sizes;
    }

    public Volume<int> Labels { get; }

    public int Count => _sizes.Length - 1;

    /// <summary>The voxel count of a component, 1..<see cref="Count"/>.</summary>
    public long SizeOf(int label)
    {
        if (label < 1 || label > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"there is no component {label} of {Count}");
        }

        return _sizes[label];
    }

    /// <summary>A component's volume in millilitres.</summary>
    public double VolumeMlOf(int label) => SizeOf(label) * Labels.VoxelVolumeMl;

    /// <summary>The label of the largest component (the first in scan order among equals), or 0 when there is none.</summary>
    public int LargestLabel
    {
        get
        {
            int best = 0;
            for (int label = 1; label <= Count; label++)
            {
                if (best == 0 || _sizes[label] > _sizes[best])
                {
                    best = label;
                }
            }

            return best;
        }
    }

    /// <summary>A 0/1 mask of the components for which <paramref name="keep"/> holds (indexed by label).</summary>
    public Volume<byte> MaskWhere(Func<int, bool> keep)
    {
        ArgumentNullException.ThrowIfNull(keep);
        var kept = new bool[_sizes.Length];
        for (int label = 1; label <= Count; label++)
        {
            kept[label] = keep(label);
        }

        var labels = Labels.Voxels;
        var mask = new byte[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            mask[i] = (byte)(kept[labels[i]] ? 1 : 0);
        }

        return Labels.SameGrid(mask);
    }

    /// <summary>A 0/1 mask of one component.</summary>
    public Volume<byte> MaskOf(int label)
    {
        _ = SizeOf(label);
        return MaskWhere(l => l == label);
    }
}
