using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

public sealed class ConnectedComponentsTests
{
    /// <summary>Breadth-first labelling, numbering components by their first voxel in scan order.</summary>
    private static int[] BreadthFirst(Volume<byte> mask, Connectivity connectivity)
    {
        var n = mask.Size;
        var labels = new int[mask.Voxels.Length];
        int next = 0;
        foreach (var start in TestVolumes.Voxels(n))
        {
            long s = mask.IndexOf(start.X, start.Y, start.Z);
            if (mask.Voxels[s] == 0 || labels[s] != 0)
            {
                continue;
            }

            labels[s] = ++next;
            var queue = new Queue<(int X, int Y, int Z)>([start]);
            while (queue.TryDequeue(out var v))
            {
                for (int dz = -1; dz <= 1; dz++)
                {
                    for (int dy = -1; dy <= 1; dy++)
                    {
                        for (int dx = -1; dx <= 1; dx++)
                        {
                            int steps = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                            if (steps == 0 || (connectivity == Connectivity.Faces && steps > 1) || !mask.Contains(v.X + dx, v.Y + dy, v.Z + dz))
                            {
                                continue;
                            }

                            long i = mask.IndexOf(v.X + dx, v.Y + dy, v.Z + dz);
                            if (mask.Voxels[i] != 0 && labels[i] == 0)
                            {
                                labels[i] = next;
                                queue.Enqueue((v.X + dx, v.Y + dy, v.Z + dz));
                            }
                        }
                    }
                }
            }
        }

        return labels;
    }

    [Theory]
    [InlineData(Connectivity.Faces, 0.3, 1)]
    [InlineData(Connectivity.Full, 0.15, 2)]
    [InlineData(Connectivity.Faces, 0.55, 3)]
    [InlineData(Connectivity.Full, 0.05, 4)]
    [InlineData(Connectivity.Full, 0.45, 5)]
    public void Labels_match_breadth_first_search_on_random_masks(Connectivity connectivity, double density, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(13, 11, 9), density, seed);
        var labels = ConnectedComponents.Label(mask, connectivity);
        var expected = BreadthFirst(mask, connectivity);
        Assert.Equal(expected, labels.Labels.Voxels);
        Assert.Equal(expected.Max(), labels.Count);
        for (int label = 1; label <= labels.Count; label++)
        {
            Assert.Equal(expected.Count(l => l == label), labels.SizeOf(label));
        }
    }

    [Fact]
    public void Diagonal_neighbours_are_one_component_only_with_full_connectivity()
    {
        var mask = TestVolumes.Mask(TestVolumes.Grid(5, 3, 3), (0, 0, 0), (1, 1, 1), (2, 2, 2), (4, 0, 0));
        Assert.Equal(4, ConnectedComponents.Label(mask, Connectivity.Faces).Count);
        var full = ConnectedComponents.Label(mask, Connectivity.Full);
        Assert.Equal(2, full.Count);
        Assert.Equal(3, full.SizeOf(1));
        Assert.Equal(1, full.SizeOf(2));
        Assert.Equal(2, full.Labels[4, 0, 0]);
        Assert.Equal(1, full.Labels[2, 2, 2]);
    }

    [Fact]
    public void A_u_shape_merges_labels_met_late_in_the_scan()
    {
        // Two arms start as separate provisional labels and meet on the last row.
        var mask = TestVolumes.Mask(TestVolumes.Grid(5, 4, 1), (0, 0, 0), (4, 0, 0), (0, 1, 0), (4, 1, 0), (0, 2, 0), (4, 2, 0), (0, 3, 0), (1, 3, 0), (2, 3, 0), (3, 3, 0), (4, 3, 0));
        var labels = ConnectedComponents.Label(mask, Connectivity.Faces);
        Assert.Equal(1, labels.Count);
        Assert.Equal(11, labels.SizeOf(1));
        Assert.Equal(1, labels.Labels[4, 0, 0]);
    }

    [Fact]
    public void Largest_and_small_component_removal_use_millilitres()
    {
        // Voxels of 2 x 2 x 2.5 mm = 0.01 mL.
        var geometry = TestVolumes.Grid(10, 3, 1, 2, 2, 2.5);
        var mask = TestVolumes.Mask(geometry, (0, 0, 0), (0, 1, 0), (3, 0, 0), (4, 0, 0), (5, 0, 0), (8, 2, 0));
        var largest = ConnectedComponents.Largest(mask, Connectivity.Faces);
        Assert.Equal(3, largest.Voxels.Count(v => v == 1));
        Assert.Equal(1, largest[4, 0, 0]);
        var kept = ConnectedComponents.RemoveSmallerThan(mask, 0.02, Connectivity.Faces);
        Assert.Equal(5, kept.Voxels.Count(v => v == 1));
        Assert.Equal(0, kept[8, 2, 0]);
        Assert.All(ConnectedComponents.Largest(Volume.Zeros<byte>(geometry), Connectivity.Full).Voxels, v => Assert.Equal(0, v));
        Assert.Equal(0.03, ConnectedComponents.Label(mask, Connectivity.Faces).VolumeMlOf(2), 12);
    }
}
