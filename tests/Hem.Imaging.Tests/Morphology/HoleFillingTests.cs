using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

public sealed class HoleFillingTests
{
    /// <summary>A hollow box: the shell of [1, 5]^3 in a 7^3 grid, optionally with a gap in its top face.</summary>
    private static Volume<byte> Shell(bool withGap)
    {
        var mask = Volume.Zeros<byte>(TestVolumes.Grid(7, 7, 7));
        foreach (var v in TestVolumes.Voxels(mask.Size))
        {
            bool inBox = v.X is >= 1 and <= 5 && v.Y is >= 1 and <= 5 && v.Z is >= 1 and <= 5;
            bool onShell = v.X is 1 or 5 || v.Y is 1 or 5 || v.Z is 1 or 5;
            if (inBox && onShell)
            {
                mask[v.X, v.Y, v.Z] = 1;
            }
        }

        if (withGap)
        {
            mask[3, 3, 5] = 0;
        }

        return mask;
    }

    [Fact]
    public void A_closed_shell_is_filled_and_an_open_one_only_slice_by_slice()
    {
        var closed = HoleFilling.Fill3D(Shell(withGap: false));
        Assert.Equal(125, closed.Voxels.Count(v => v == 1));

        var open = Shell(withGap: true);
        Assert.Equal(open.Voxels, HoleFilling.Fill3D(open).Voxels);

        // Every slice z = 2..4 is a closed ring; z = 1 is full; z = 5 has a one-voxel hole, enclosed in its slice.
        var perSlice = HoleFilling.FillPerSlice(open);
        Assert.Equal(125, perSlice.Voxels.Count(v => v == 1));
    }

    [Fact]
    public void Diagonal_walls_enclose_because_background_connects_through_faces_only()
    {
        // A diamond ring in one slice: its centre touches the outside only diagonally.
        var mask = TestVolumes.Mask(TestVolumes.Grid(5, 5, 1), (2, 1, 0), (1, 2, 0), (3, 2, 0), (2, 3, 0));
        var filled = HoleFilling.FillPerSlice(mask);
        Assert.Equal(1, filled[2, 2, 0]);
        Assert.Equal(5, filled.Voxels.Count(v => v == 1));
        // One slice is all edge in 3D: nothing is enclosed.
        Assert.Equal(0, HoleFilling.Fill3D(mask)[2, 2, 0]);
    }

    [Theory]
    [InlineData(0.45, 31)]
    [InlineData(0.6, 32)]
    [InlineData(0.7, 33)]
    public void Fill3D_matches_a_breadth_first_flood_from_the_edge(double density, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(12, 10, 8), density, seed);
        var n = mask.Size;
        var reached = new bool[mask.Voxels.Length];
        var queue = new Queue<(int X, int Y, int Z)>();
        foreach (var v in TestVolumes.Voxels(n))
        {
            bool edge = v.X == 0 || v.Y == 0 || v.Z == 0 || v.X == n.X - 1 || v.Y == n.Y - 1 || v.Z == n.Z - 1;
            if (edge && mask[v.X, v.Y, v.Z] == 0)
            {
                reached[mask.IndexOf(v.X, v.Y, v.Z)] = true;
                queue.Enqueue(v);
            }
        }

        (int, int, int)[] steps = [(1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1)];
        while (queue.TryDequeue(out var v))
        {
            foreach (var (dx, dy, dz) in steps)
            {
                var w = (X: v.X + dx, Y: v.Y + dy, Z: v.Z + dz);
                if (mask.Contains(w.X, w.Y, w.Z) && mask[w.X, w.Y, w.Z] == 0 && !reached[mask.IndexOf(w.X, w.Y, w.Z)])
                {
                    reached[mask.IndexOf(w.X, w.Y, w.Z)] = true;
                    queue.Enqueue(w);
                }
            }
        }

        var expected = reached.Select(r => (byte)(r ? 0 : 1)).ToArray();
        Assert.Equal(expected, HoleFilling.Fill3D(mask).Voxels);
        Assert.Contains(expected.Select((v, i) => v == 1 && mask.Voxels[i] == 0), b => b);
    }
}
