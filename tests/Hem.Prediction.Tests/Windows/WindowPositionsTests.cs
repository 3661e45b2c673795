using Hem.Prediction.Windows;

namespace Hem.Prediction.Tests.Windows;

/// <summary>Window starts per the contract: 0, stride 13 (round(32 x 0.4) = round(12.8)), ..., last flush with the end.</summary>
public sealed class WindowPositionsTests
{
    [Fact]
    public void The_stride_for_32_voxel_patches_at_overlap_0_6_is_13() => Assert.Equal(13, WindowPositions.Stride(32, 0.6));

    [Theory]
    [InlineData(32, new[] { 0 })]
    [InlineData(33, new[] { 0, 1 })]
    [InlineData(45, new[] { 0, 13 })]
    [InlineData(46, new[] { 0, 13, 14 })]
    [InlineData(58, new[] { 0, 13, 26 })]
    [InlineData(100, new[] { 0, 13, 26, 39, 52, 65, 68 })]
    public void Windows_start_at_multiples_of_the_stride_and_the_last_ends_with_the_axis(int length, int[] expected)
    {
        var starts = WindowPositions.Along(length, 32, 0.6);
        Assert.Equal(expected, starts);
        Assert.Equal(length - 32, starts[^1]);
    }

    [Fact]
    public void Every_voxel_of_an_axis_is_in_some_window()
    {
        foreach (int length in new[] { 32, 33, 45, 100, 257 })
        {
            var starts = WindowPositions.Along(length, 32, 0.6);
            Assert.All(Enumerable.Range(0, length), v => Assert.Contains(starts, s => v >= s && v < s + 32));
        }
    }

    [Theory]
    [InlineData(30, 0.5, 15)]
    [InlineData(32, 0.0, 32)]
    [InlineData(5, 0.9, 1)]
    [InlineData(3, 0.99, 1)]
    public void Stride_rounds_half_away_from_zero_and_is_at_least_one(int patch, double overlap, int expected) =>
        Assert.Equal(expected, WindowPositions.Stride(patch, overlap));

    [Fact]
    public void An_axis_shorter_than_a_patch_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => WindowPositions.Along(31, 32, 0.6));
}
