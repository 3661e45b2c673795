using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

public sealed class BinaryMorphologyTests
{
    private static bool AnyWithin(Volume<byte> mask, (int X, int Y, int Z) from, double radius, bool value)
    {
        foreach (var v in TestVolumes.Voxels(mask.Size))
        {
            if ((mask[v.X, v.Y, v.Z] != 0) == value && TestVolumes.SquaredMm(mask.Geometry.Spacing, from, v) <= radius * radius)
            {
                return true;
            }
        }

        return false;
    }

    [Theory]
    [InlineData(0.7, 1.1, 2.5, 2.3, 11)]
    [InlineData(1, 1, 1, 1.0, 12)]
    [InlineData(1, 1, 1, 1.5, 13)]
    [InlineData(0.5, 0.5, 3, 3.1, 14)]
    [InlineData(1, 1, 1, 0, 15)]
    public void Dilation_and_erosion_match_a_brute_force_ball(double sx, double sy, double sz, double radius, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(9, 8, 6, sx, sy, sz), 0.25, seed);
        var dilated = BinaryMorphology.Dilate(mask, radius);
        var eroded = BinaryMorphology.Erode(mask, radius);
        var erodedAtEdge = BinaryMorphology.Erode(mask, radius, edgeIsBackground: true);
        var s = mask.Geometry.Spacing;
        var n = mask.Size;
        foreach (var v in TestVolumes.Voxels(mask.Size))
        {
            bool inside = mask[v.X, v.Y, v.Z] != 0;
            Assert.Equal(AnyWithin(mask, v, radius, value: true) ? 1 : 0, dilated[v.X, v.Y, v.Z]);
            bool keep = inside && !AnyWithin(mask, v, radius, value: false);
            Assert.Equal(keep ? 1 : 0, eroded[v.X, v.Y, v.Z]);
            double edge = Math.Min(
                Math.Min(Math.Min(v.X + 1, n.X - v.X) * s.X, Math.Min(v.Y + 1, n.Y - v.Y) * s.Y),
                Math.Min(v.Z + 1, n.Z - v.Z) * s.Z);
            Assert.Equal(keep && edge > radius ? 1 : 0, erodedAtEdge[v.X, v.Y, v.Z]);
        }
    }

    [Fact]
    public void A_single_voxel_dilates_to_the_exact_sphere_including_its_surface()
    {
        var mask = TestVolumes.Mask(TestVolumes.Grid(11, 11, 11), (5, 5, 5));
        var ball = BinaryMorphology.Dilate(mask, 3);
        // Lattice points with x^2 + y^2 + z^2 <= 9: 123 of them (OEIS A000605 at 3).
        Assert.Equal(123, ball.Voxels.Count(v => v == 1));
        Assert.Equal(1, ball[8, 5, 5]);
        Assert.Equal(1, ball[7, 7, 6]);
        Assert.Equal(0, ball[7, 7, 7]);
        Assert.Equal(mask.Voxels, BinaryMorphology.Erode(ball, 3).Voxels);
    }

    [Fact]
    public void Closing_is_extensive_and_opening_anti_extensive_even_at_the_grid_edge()
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(10, 9, 7, 0.8, 0.8, 2), 0.4, 21);
        var closed = BinaryMorphology.Close(mask, 1.7);
        var opened = BinaryMorphology.Open(mask, 1.7);
        for (int i = 0; i < mask.Voxels.Length; i++)
        {
            Assert.True(closed.Voxels[i] >= mask.Voxels[i]);
            Assert.True(opened.Voxels[i] <= mask.Voxels[i]);
        }

        // Idempotent, as closings and openings are.
        Assert.Equal(closed.Voxels, BinaryMorphology.Close(closed, 1.7).Voxels);
        Assert.Equal(opened.Voxels, BinaryMorphology.Open(opened, 1.7).Voxels);
    }

    [Fact]
    public void Closing_bridges_a_gap_narrower_than_the_ball_and_opening_removes_a_thin_bar()
    {
        var geometry = TestVolumes.Grid(15, 7, 7);
        var blocks = Volume.Zeros<byte>(geometry);
        foreach (var v in TestVolumes.Voxels(geometry.Size))
        {
            if (v.Y is >= 2 and <= 4 && v.Z is >= 2 and <= 4 && (v.X is >= 2 and <= 6 || v.X is >= 8 and <= 12))
            {
                blocks[v.X, v.Y, v.Z] = 1;
            }
        }

        Assert.Equal(1, BinaryMorphology.Close(blocks, 1)[7, 3, 3]);

        // Blocks at x 1..5 and 9..13 joined by a bar one voxel thick at x 6..8: the ball cannot pass through it.
        var bar = Volume.Zeros<byte>(geometry);
        foreach (var v in TestVolumes.Voxels(geometry.Size))
        {
            bool block = v.Y is >= 2 and <= 4 && v.Z is >= 2 and <= 4 && (v.X is >= 1 and <= 5 || v.X is >= 9 and <= 13);
            if (block || (v.Y == 3 && v.Z == 3 && v.X is >= 6 and <= 8))
            {
                bar[v.X, v.Y, v.Z] = 1;
            }
        }

        var opened = BinaryMorphology.Open(bar, 1);
        Assert.Equal(0, opened[7, 3, 3]);
        Assert.Equal(1, opened[4, 3, 3]);
        Assert.Equal(1, opened[11, 2, 3]);
    }

    [Fact]
    public void Empty_masks_stay_empty_and_bad_radii_are_refused()
    {
        var empty = Volume.Zeros<byte>(TestVolumes.Grid(3, 3, 3));
        Assert.All(BinaryMorphology.Dilate(empty, 2).Voxels, v => Assert.Equal(0, v));
        Assert.All(BinaryMorphology.Erode(empty, 2).Voxels, v => Assert.Equal(0, v));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMorphology.Dilate(empty, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => BinaryMorphology.Erode(empty, double.NaN));
    }
}
