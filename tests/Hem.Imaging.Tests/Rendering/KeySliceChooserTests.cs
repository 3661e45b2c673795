using Hem.Imaging.Rendering;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Rendering;

public sealed class KeySliceChooserTests
{
    [Fact]
    public void The_peak_is_the_slice_with_the_largest_area_and_its_neighbours_come_with_it()
    {
        var geometry = TestVolumes.Grid(5, 5, 10);
        var mask = TestVolumes.Mask(geometry, (0, 0, 3), (1, 0, 3), (0, 0, 4), (1, 0, 4), (2, 0, 4), (0, 0, 5));

        var keys = KeySliceChooser.Choose(mask, neighbours: 2);

        Assert.Equal(4, keys.Peak);
        Assert.Equal([2, 3, 4, 5, 6], keys.Slices);
        Assert.Equal([0L, 0, 0, 2, 3, 1, 0, 0, 0, 0], KeySliceChooser.AreaPerSlice(mask));
    }

    [Fact]
    public void Neighbours_stop_at_the_ends_of_the_volume()
    {
        var geometry = TestVolumes.Grid(3, 3, 4);

        Assert.Equal([0, 1], KeySliceChooser.Choose(TestVolumes.Mask(geometry, (1, 1, 0)), 1).Slices);
        Assert.Equal([1, 2, 3], KeySliceChooser.Choose(TestVolumes.Mask(geometry, (1, 1, 3)), 2).Slices);
        Assert.Equal([2], KeySliceChooser.Choose(TestVolumes.Mask(geometry, (1, 1, 2)), 0).Slices);
    }

    [Fact]
    public void An_empty_lesion_falls_back_to_the_fallback_mask_then_to_the_middle_slice()
    {
        var geometry = TestVolumes.Grid(3, 3, 7);
        var empty = Volume.Zeros<byte>(geometry);

        Assert.Equal(5, KeySliceChooser.Choose(empty, 1, TestVolumes.Mask(geometry, (0, 0, 5), (1, 0, 5), (0, 0, 1))).Peak);
        Assert.Equal(3, KeySliceChooser.Choose(empty, 1).Peak);
        Assert.Equal(3, KeySliceChooser.Choose(empty, 1, empty).Peak);
    }

    [Fact]
    public void The_first_of_equal_slices_wins()
    {
        var geometry = TestVolumes.Grid(3, 3, 5);

        Assert.Equal(1, KeySliceChooser.Choose(TestVolumes.Mask(geometry, (0, 0, 1), (0, 0, 3))).Peak);
    }
}
