using Hem.Imaging.Volumes;

namespace Hem.Imaging.Morphology;

/// <summary>
/// Connected components of a mask (non-zero = inside) by two-pass union-find: one scan gives each voxel the
/// provisional label of its already-visited neighbours (merging labels that meet), a second scan resolves each to
/// its component's final label. No recursion and no queue; memory is the label volume and one parent array.
/// </summary>
public static class ConnectedComponents
{
    public static ComponentLabels Label(Volume<byte> mask, Connectivity connectivity)
    {
        ArgumentNullException.ThrowIfNull(mask);
        var offsets = BackwardNeighbours(connectivity);
        var size = mask.Size;
        var source = mask.Voxels;
        var labels = new int[source.Length];
        var forest = new LabelForest();
        int nx = size.X;
        int ny = size.Y;
        int plane = (int)size.VoxelsPerSlice;

        for (int z = 0; z < size.Z; z++)
        {
            for (int y = 0; y < ny; y++)
            {
                int rowStart = (z * plane) + (y * nx);
                for (int x = 0; x < nx; x++)
                {
                    int i = rowStart + x;
                    if (source[i] == 0)
                    {
                        continue;
                    }

                    // With full connectivity every earlier neighbour at dx <= 0 also touches the voxel to the left,
                    // so when that one is set they were merged with it already: only the dx = +1 ones can add.
                    int current = 0;
                    var toCheck = offsets;
                    if (connectivity == Connectivity.Full && x > 0 && labels[i - 1] != 0)
                    {
                        current = labels[i - 1];
                        toCheck = AheadOfLeftNeighbour;
                    }

                    for (int n = 0; n < toCheck.Length; n += 3)
                    {
                        int xx = x + toCheck[n];
                        int yy = y + toCheck[n + 1];
                        int zz = z + toCheck[n + 2];
                        if ((uint)xx >= (uint)nx || (uint)yy >= (uint)ny || zz < 0)
                        {
                            continue;
                        }

                        int neighbour = labels[(zz * plane) + (yy * nx) + xx];
                        if (neighbour == 0)
                        {
                            continue;
                        }

                        current = current == 0 ? neighbour : forest.Union(current, neighbour);
                    }

                    labels[i] = current == 0 ? forest.Add() : current;
                }
            }
        }

        // Final labels in order of first appearance; provisional roots map to them.
        var final = new int[forest.Count + 1];
        var sizes = new List<long> { 0 };
        for (int i = 0; i < labels.Length; i++)
        {
            int provisional = labels[i];
            if (provisional == 0)
            {
                continue;
            }

            int root = forest.Find(provisional);
            if (final[root] == 0)
            {
                final[root] = sizes.Count;
                sizes.Add(0);
            }

            int label = final[root];
            labels[i] = label;
            sizes[label]++;
        }

        return new ComponentLabels(mask.SameGrid(labels), [.. sizes]);
    }

    /// <summary>The largest component as a 0/1 mask (all zero for an empty mask).</summary>
    public static Volume<byte> Largest(Volume<byte> mask, Connectivity connectivity)
    {
        var components = Label(mask, connectivity);
        int largest = components.LargestLabel;
        return largest == 0 ? Volume.Zeros<byte>(mask.Geometry) : components.MaskOf(largest);
    }

    /// <summary>The mask (as 0/1) without components smaller than <paramref name="minimumMl"/> millilitres.</summary>
    public static Volume<byte> RemoveSmallerThan(Volume<byte> mask, double minimumMl, Connectivity connectivity)
    {
        if (!(minimumMl >= 0) || !double.IsFinite(minimumMl))
        {
            throw new ArgumentOutOfRangeException(nameof(minimumMl), "a minimum volume is a finite number of millilitres, 0 or more");
        }

        var components = Label(mask, connectivity);
        return components.MaskWhere(label => components.VolumeMlOf(label) >= minimumMl);
    }

    /// <summary>(dx, dy, dz) triples of the neighbours that come earlier in scan order.</summary>
    private static ReadOnlySpan<sbyte> BackwardNeighbours(Connectivity connectivity) => connectivity switch
    {
        Connectivity.Faces => FaceNeighbours,
        Connectivity.Full => FullNeighbours,
        _ => throw new ArgumentOutOfRangeException(nameof(connectivity), $"connectivity {connectivity} is neither 6 nor 26"),
    };

    private static ReadOnlySpan<sbyte> FaceNeighbours => [-1, 0, 0, 0, -1, 0, 0, 0, -1];

    /// <summary>The earlier full-connectivity neighbours that the voxel to the left does not touch.</summary>
    private static ReadOnlySpan<sbyte> AheadOfLeftNeighbour => [1, -1, 0, 1, -1, -1, 1, 0, -1, 1, 1, -1];

    private static ReadOnlySpan<sbyte> FullNeighbours =>
    [
        -1, 0, 0,
        -1, -1, 0, 0, -1, 0, 1, -1, 0,
        -1, -1, -1, 0, -1, -1, 1, -1, -1,
        -1, 0, -1, 0, 0, -1, 1, 0, -1,
        -1, 1, -1, 0, 1, -1, 1, 1, -1,
    ];
}
