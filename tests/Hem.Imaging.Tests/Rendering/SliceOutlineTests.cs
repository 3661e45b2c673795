using Hem.Imaging.Rendering;

namespace Hem.Imaging.Tests.Rendering;

public sealed class SliceOutlineTests
{
    [Fact]
    public void The_outline_of_a_square_is_its_border_ring()
    {
        var geometry = TestVolumes.Grid(9, 9, 3);
        var mask = TestVolumes.Mask(geometry, [.. TestVolumes.Voxels(geometry.Size).Where(v => v.Z == 1 && v.X is >= 2 and <= 6 && v.Y is >= 2 and <= 6)]);

        foreach (var (x, y, z) in TestVolumes.Voxels(geometry.Size))
        {
            bool expected = z == 1 && (x is 2 or 6 && y is >= 2 and <= 6 || y is 2 or 6 && x is >= 2 and <= 6);
            Assert.Equal(expected, SliceOutline.IsBoundary(mask, x, y, z));
        }
    }

    [Fact]
    public void The_edge_of_the_slice_closes_an_outline_and_other_slices_do_not_count()
    {
        var geometry = TestVolumes.Grid(4, 4, 3);
        var mask = TestVolumes.Mask(geometry, [.. TestVolumes.Voxels(geometry.Size)]);

        Assert.True(SliceOutline.IsBoundary(mask, 0, 1, 1));
        Assert.True(SliceOutline.IsBoundary(mask, 3, 3, 0));
        Assert.False(SliceOutline.IsBoundary(mask, 1, 1, 0));
        Assert.False(SliceOutline.IsBoundary(mask, 2, 2, 2));
    }

    [Fact]
    public void A_diagonal_gap_does_not_make_an_outline()
    {
        var geometry = TestVolumes.Grid(3, 3, 1);
        var mask = TestVolumes.Mask(geometry, [.. TestVolumes.Voxels(geometry.Size).Where(v => (v.X, v.Y) != (0, 0))]);

        Assert.False(SliceOutline.IsBoundary(mask, 1, 1, 0));
        Assert.True(SliceOutline.IsBoundary(mask, 1, 0, 0));
        Assert.False(SliceOutline.IsBoundary(mask, 0, 0, 0));
    }
}
