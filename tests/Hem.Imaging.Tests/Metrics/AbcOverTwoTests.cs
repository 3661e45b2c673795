using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Metrics;

public sealed class AbcOverTwoTests
{
    [Fact]
    public void A_rectangle_on_one_slice_by_hand()
    {
        // 4 x 3 voxels of 1 x 1 mm on one 5 mm slice: A is the diagonal 5, B the width across it 2 x 4 x 3 / 5 = 4.8.
        var grid = TestVolumes.Grid(8, 8, 3, 1, 1, 5);
        var mask = TestVolumes.Mask(grid, [.. TestVolumes.Voxels(grid.Size).Where(v => v.X is >= 2 and <= 5 && v.Y is >= 1 and <= 3 && v.Z == 1)]);
        var abc = AbcOverTwo.Estimate(mask);
        Assert.Equal(5, abc.AMm, 9);
        Assert.Equal(4.8, abc.BMm, 9);
        Assert.Equal(5, abc.CMm, 9);
        Assert.Equal(1, abc.LargestSlice);
        Assert.Equal(0.06, abc.VolumeMl, 9); // the box's true volume, 4 x 3 x 5 mm^3
    }

    [Fact]
    public void An_ellipsoid_gives_about_3_over_pi_of_its_volume()
    {
        // Semi-axes 20, 12 and 15 mm on 0.5 x 0.5 x 1 mm voxels.
        double a = 20, b = 12, c = 15;
        var grid = TestVolumes.Grid(90, 60, 40, 0.5, 0.5, 1);
        var mask = Volume.Zeros<byte>(grid);
        foreach (var v in TestVolumes.Voxels(grid.Size))
        {
            double x = (v.X - 45) * 0.5 / a, y = (v.Y - 30) * 0.5 / b, z = (v.Z - 20) * 1.0 / c;
            if ((x * x) + (y * y) + (z * z) <= 1)
            {
                mask[v.X, v.Y, v.Z] = 1;
            }
        }

        double trueMl = 4.0 / 3 * Math.PI * a * b * c / 1000;
        Assert.Equal(trueMl, MaskVolume.Ml(mask), trueMl * 0.01);
        var abc = AbcOverTwo.Estimate(mask);
        Assert.Equal(20, abc.LargestSlice);
        Assert.InRange(abc.AMm, (2 * a) - 0.5, (2 * a) + 1);
        Assert.InRange(abc.BMm, (2 * b) - 0.5, (2 * b) + 1);
        Assert.Equal(31, abc.SlicesWithHematoma);
        Assert.Equal(31, abc.CMm, 9);
        // ABC/2 = 3/pi of the ellipsoid, here inflated by edge-to-edge diameters and whole slices (31 for 30 mm).
        Assert.InRange(abc.VolumeMl / trueMl, 3 / Math.PI, (3 / Math.PI) * 1.08);
    }

    [Fact]
    public void An_empty_mask_measures_zero()
    {
        var abc = AbcOverTwo.Estimate(Volume.Zeros<byte>(TestVolumes.Grid(3, 3, 3)));
        Assert.Equal(0, abc.VolumeMl);
        Assert.Equal(-1, abc.LargestSlice);
    }
}
