using Hem.Imaging.Segmentation;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Segmentation;

public sealed class InPlaneMedianTests
{
    private static Volume<short> RandomCt(int nx, int ny, int nz, int seed)
    {
        var random = new Random(seed);
        var ct = Volume.Zeros<short>(TestVolumes.Grid(nx, ny, nz));
        for (int i = 0; i < ct.Voxels.Length; i++)
        {
            // A narrow range makes ties common; a few extremes check the full short range.
            ct.Voxels[i] = random.Next(20) == 0 ? (short)random.Next(short.MinValue, short.MaxValue + 1) : (short)random.Next(-5, 6);
        }

        return ct;
    }

    /// <summary>The median of each 3 x 3 window of the slice, with the slice's border repeated, by sorting.</summary>
    private static short Naive(Volume<short> ct, int x, int y, int z)
    {
        var window = new List<short>();
        for (int dy = -1; dy <= 1; dy++)
        {
            for (int dx = -1; dx <= 1; dx++)
            {
                window.Add(ct[Math.Clamp(x + dx, 0, ct.Size.X - 1), Math.Clamp(y + dy, 0, ct.Size.Y - 1), z]);
            }
        }

        window.Sort();
        return window[4];
    }

    [Theory]
    [InlineData(37, 5, 3)]
    [InlineData(70, 9, 2)]
    [InlineData(1, 4, 2)]
    [InlineData(5, 1, 1)]
    [InlineData(2, 2, 1)]
    public void Each_voxel_is_the_median_of_its_window(int nx, int ny, int nz)
    {
        var ct = RandomCt(nx, ny, nz, nx + ny + nz);

        var smoothed = InPlaneMedian.Apply(ct);

        foreach (var v in TestVolumes.Voxels(ct.Size))
        {
            Assert.Equal(Naive(ct, v.X, v.Y, v.Z), smoothed[v.X, v.Y, v.Z]);
        }
    }

    [Theory]
    [InlineData(0, 0, 0, 70, 9, 3)]
    [InlineData(1, 2, 1, 69, 8, 2)]
    [InlineData(17, 3, 0, 52, 4, 3)]
    [InlineData(69, 0, 2, 70, 1, 3)]
    public void A_box_gets_the_values_of_the_whole_volume(int x0, int y0, int z0, int x1, int y1, int z1)
    {
        var ct = RandomCt(70, 9, 3, 41);
        var box = new VoxelBox(x0, y0, z0, x1, y1, z1);
        var part = new short[box.Size.VoxelCount];

        InPlaneMedian.Apply(ct, box, part);

        Assert.Equal(RegionOfInterest.Crop(InPlaneMedian.Apply(ct), box).Voxels, part);
    }
}
