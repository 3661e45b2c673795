using Hem.Imaging.Morphology;

namespace Hem.Imaging.Tests.Morphology;

/// <summary>Filling on runs must fill what <see cref="HoleFilling"/> fills.</summary>
public sealed class BlockHoleFillingTests
{
    [Theory]
    [InlineData(0.45, 31)]
    [InlineData(0.6, 32)]
    [InlineData(0.7, 33)]
    public void Fills_match_hole_filling(double density, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(41, 23, 8), density, seed);
        var target = new byte[mask.Voxels.Length];

        BlockHoleFilling.Fill3D(mask.Voxels, target, mask.Size);
        Assert.Equal(HoleFilling.Fill3D(mask).Voxels, target);

        BlockHoleFilling.FillPerSlice(mask.Voxels, target, mask.Size);
        Assert.Equal(HoleFilling.FillPerSlice(mask).Voxels, target);

        var voxels = mask.Voxels.ToArray();
        BlockHoleFilling.FillPerSlice(voxels, voxels, mask.Size);
        BlockHoleFilling.Fill3D(voxels, voxels, mask.Size);
        Assert.Equal(HoleFilling.Fill3D(HoleFilling.FillPerSlice(mask)).Voxels, voxels);
    }
}
