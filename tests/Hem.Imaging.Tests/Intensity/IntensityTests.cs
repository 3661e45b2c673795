using Hem.Imaging.Intensity;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Intensity;

public sealed class IntensityTests
{
    [Fact]
    public void The_brain_window_maps_0_to_80_HU_onto_0_to_1_and_grey_levels()
    {
        var window = HounsfieldWindow.Brain;
        Assert.Equal(0, window.LowerHu);
        Assert.Equal(80, window.UpperHu);
        Assert.Equal(0, window.ToUnit(-1024));
        Assert.Equal(0.5, window.ToUnit(40));
        Assert.Equal(1, window.ToUnit(3000));
        Assert.Equal(0, window.ToByte(0));
        Assert.Equal(128, window.ToByte(40)); // 127.5 rounds away from zero
        Assert.Equal(255, window.ToByte(80));

        var ct = new Volume<short>(TestVolumes.Grid(4, 1, 1), [-1024, 20, 60, 1000]);
        Assert.Equal([0f, 0.25f, 0.75f, 1f], window.ApplyUnit(ct).Voxels);
        Assert.Equal([0, 64, 191, 255], window.ApplyBytes(ct).Voxels);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HounsfieldWindow(40, 0));
    }

    [Fact]
    public void The_model_normalisation_clips_and_scales_and_says_what_it_does()
    {
        var normalisation = IntensityNormalisation.BrainWindow;
        var ct = new Volume<short>(TestVolumes.Grid(5, 1, 1), [-1024, 0, 35, 75, 1500]);
        Assert.Equal([0f, 0f, 0.35f, 0.75f, 1f], normalisation.Apply(ct).Voxels);
        Assert.Equal(0.5f, normalisation.Apply(new Volume<float>(TestVolumes.Grid(1, 1, 1), [50f])).Voxels[0]);
        Assert.Equal("hu-clip-0-100-unit: clip HU to [0, 100], then (HU - 0) / 100, giving 0..1", normalisation.Describe());
        Assert.Equal(0.5f, IntensityNormalisation.WideWindow.Normalise(50));
        Assert.Throws<ArgumentOutOfRangeException>(() => new IntensityNormalisation("x", 10, 10));
    }
}
