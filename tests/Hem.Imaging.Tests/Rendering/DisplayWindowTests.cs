using Hem.Imaging.Rendering;

namespace Hem.Imaging.Tests.Rendering;

public sealed class DisplayWindowTests
{
    [Theory]
    [InlineData(-1000, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 3)]
    [InlineData(20, 64)]
    [InlineData(35, 112)]
    [InlineData(40, 128)]
    [InlineData(70, 223)]
    [InlineData(80, 255)]
    [InlineData(3000, 255)]
    public void The_brain_window_maps_0_to_80_HU_onto_black_to_white(short hu, byte grey)
    {
        Assert.Equal(grey, DisplayWindow.Brain.ToGrey(hu));
    }

    [Fact]
    public void Other_windows_centre_on_their_level()
    {
        Assert.Equal(128, DisplayWindow.Bone.ToGrey(600));
        Assert.Equal(0, DisplayWindow.Bone.ToGrey(-800));
        Assert.Equal(255, DisplayWindow.Bone.ToGrey(2000));
        Assert.Equal(128, DisplayWindow.Subdural.ToGrey(75));
    }

    [Theory]
    [InlineData(40, 0)]
    [InlineData(40, -5)]
    [InlineData(double.NaN, 80)]
    [InlineData(40, double.PositiveInfinity)]
    public void A_window_without_a_positive_finite_width_is_refused(double level, double width)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DisplayWindow(level, width));
    }
}
