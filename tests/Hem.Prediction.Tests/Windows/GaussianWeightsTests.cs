using Hem.Dicom.Series;
using Hem.Prediction.Windows;

namespace Hem.Prediction.Tests.Windows;

/// <summary>Gaussian weights: centred at (P - 1) / 2, sigma P / 8, maximum 1, symmetric, floored at 1e-6.</summary>
public sealed class GaussianWeightsTests
{
    [Theory]
    [InlineData(32, 32, 32)]
    [InlineData(33, 33, 33)]
    [InlineData(16, 24, 32)]
    public void Weights_are_symmetric_under_flipping_each_axis_with_maximum_1(int px, int py, int pz)
    {
        var patch = new GridSize(px, py, pz);
        var w = GaussianWeights.Create(patch, 0.125);
        Assert.Equal(patch.VoxelCount, w.Length);
        Assert.Equal(1f, w.Max());
        Assert.True(w.Min() >= GaussianWeights.Floor);
        for (int z = 0; z < pz; z++)
        {
            for (int y = 0; y < py; y++)
            {
                for (int x = 0; x < px; x++)
                {
                    float v = w[Index(patch, x, y, z)];
                    Assert.Equal(v, w[Index(patch, px - 1 - x, y, z)]);
                    Assert.Equal(v, w[Index(patch, x, py - 1 - y, z)]);
                    Assert.Equal(v, w[Index(patch, x, y, pz - 1 - z)]);
                }
            }
        }
    }

    [Fact]
    public void Values_follow_the_Gaussian_with_sigma_an_eighth_of_the_patch()
    {
        // P = 32: sigma 4, centre 15.5; per axis exp(-((i - 15.5)^2 - 0.25) / 32) after scaling the maximum (i = 15, 16) to 1.
        var patch = new GridSize(32, 32, 32);
        var w = GaussianWeights.Create(patch, 0.125);
        static double Axis(int i) => Math.Exp(-(((i - 15.5) * (i - 15.5)) - 0.25) / 32);
        Assert.Equal(1f, w[Index(patch, 15, 16, 15)]);
        Assert.Equal(Axis(19), w[Index(patch, 19, 16, 16)], 6);
        Assert.Equal(Axis(11) * Axis(20) * Axis(7), w[Index(patch, 11, 20, 7)], 6);
        // The corner is far below 1e-6 (exp(-7.5)^3), so it is floored.
        Assert.Equal(GaussianWeights.Floor, w[Index(patch, 0, 0, 0)]);
        Assert.True(Math.Pow(Axis(0), 3) < GaussianWeights.Floor);
    }

    [Fact]
    public void An_odd_patch_peaks_at_its_middle_voxel_alone()
    {
        var patch = new GridSize(33, 33, 33);
        var w = GaussianWeights.Create(patch, 0.125);
        Assert.Equal(1f, w[Index(patch, 16, 16, 16)]);
        Assert.Equal(1, w.Count(v => v == 1f));
    }

    private static int Index(GridSize p, int x, int y, int z) => x + (p.X * (y + (p.Y * z)));
}
