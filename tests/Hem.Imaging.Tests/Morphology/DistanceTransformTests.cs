using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

public sealed class DistanceTransformTests
{
    /// <summary>The nearest voxel with the given value by trying every one.</summary>
    private static double BruteForceSquared(Volume<byte> mask, (int X, int Y, int Z) from, bool toForeground)
    {
        double best = double.PositiveInfinity;
        foreach (var v in TestVolumes.Voxels(mask.Size))
        {
            if ((mask[v.X, v.Y, v.Z] != 0) == toForeground)
            {
                best = Math.Min(best, TestVolumes.SquaredMm(mask.Geometry.Spacing, from, v));
            }
        }

        return best;
    }

    [Theory]
    [InlineData(7, 6, 5, 0.7, 1.1, 2.5, 0.05, 1)]
    [InlineData(9, 8, 7, 0.488, 0.488, 5.0, 0.02, 2)]
    [InlineData(5, 11, 4, 3.0, 0.5, 1.0, 0.3, 3)]
    [InlineData(12, 1, 1, 1.5, 1, 1, 0.15, 4)]
    [InlineData(1, 1, 13, 1, 1, 2.2, 0.15, 5)]
    [InlineData(6, 6, 6, 1, 1, 1, 0.003, 6)]
    [InlineData(8, 7, 6, 0.9, 1.3, 1.7, 0.85, 7)]
    public void Matches_brute_force_on_random_anisotropic_volumes(int nx, int ny, int nz, double sx, double sy, double sz, double density, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(nx, ny, nz, sx, sy, sz), density, seed);
        var squared = DistanceTransform.SquaredToForeground(mask);
        var toForeground = DistanceTransform.ToForeground(mask);
        var toBackground = DistanceTransform.ToBackground(mask);
        foreach (var v in TestVolumes.Voxels(mask.Size))
        {
            double expected = BruteForceSquared(mask, v, toForeground: true);
            AssertClose(expected, squared[v.X, v.Y, v.Z], v);
            AssertClose(Math.Sqrt(expected), toForeground[v.X, v.Y, v.Z], v);
            AssertClose(Math.Sqrt(BruteForceSquared(mask, v, toForeground: false)), toBackground[v.X, v.Y, v.Z], v);
        }
    }

    [Fact]
    public void Empty_mask_is_infinitely_far_and_a_full_one_is_zero()
    {
        var geometry = TestVolumes.Grid(4, 3, 2);
        var empty = Volume.Zeros<byte>(geometry);
        Assert.All(DistanceTransform.ToForeground(empty).Voxels, d => Assert.True(float.IsPositiveInfinity(d)));
        Assert.All(DistanceTransform.ToBackground(empty).Voxels, d => Assert.Equal(0f, d));
        var full = empty.SameGrid(Enumerable.Repeat((byte)1, 24).ToArray());
        Assert.All(DistanceTransform.ToForeground(full).Voxels, d => Assert.Equal(0f, d));
        Assert.All(DistanceTransform.ToBackground(full).Voxels, d => Assert.True(float.IsPositiveInfinity(d)));
    }

    [Fact]
    public void A_single_voxel_gives_the_anisotropic_distance_to_it()
    {
        var mask = TestVolumes.Mask(TestVolumes.Grid(5, 5, 5, 0.5, 1, 3), (2, 2, 2));
        var d = DistanceTransform.ToForeground(mask);
        Assert.Equal(0f, d[2, 2, 2]);
        Assert.Equal(1.0, d[0, 2, 2], 6);
        Assert.Equal(2.0, d[2, 0, 2], 6);
        Assert.Equal(6.0, d[2, 2, 0], 6);
        Assert.Equal(Math.Sqrt(1 + 4 + 36), d[0, 0, 0], 5);
    }

    private static void AssertClose(double expected, float actual, (int X, int Y, int Z) at)
    {
        if (double.IsPositiveInfinity(expected))
        {
            Assert.True(float.IsPositiveInfinity(actual), $"{at}: expected infinity, got {actual}");
            return;
        }

        Assert.True(Math.Abs(expected - actual) <= 1e-5 * Math.Max(1, expected), $"{at}: expected {expected}, got {actual}");
    }
}
