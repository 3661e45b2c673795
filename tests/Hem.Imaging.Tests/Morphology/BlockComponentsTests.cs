using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

/// <summary>Labelling on runs must keep the component <see cref="ConnectedComponents.Largest"/> keeps.</summary>
public sealed class BlockComponentsTests
{
    [Theory]
    [InlineData(Connectivity.Full, 0.2, 1)]
    [InlineData(Connectivity.Full, 0.3, 2)]
    [InlineData(Connectivity.Faces, 0.3, 3)]
    [InlineData(Connectivity.Faces, 0.4, 4)]
    public void The_largest_component_matches_connected_components(Connectivity connectivity, double density, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(37, 21, 7), density, seed);
        var target = new byte[mask.Voxels.Length];

        new BlockComponents().KeepLargest(mask.Voxels, target, mask.Size, connectivity);

        Assert.Equal(ConnectedComponents.Largest(mask, connectivity).Voxels, target);
    }

    [Fact]
    public void A_tie_goes_to_the_component_first_in_scan_order()
    {
        var mask = Volume.Zeros<byte>(TestVolumes.Grid(10, 10, 4));
        foreach (var v in TestVolumes.Voxels(mask.Size))
        {
            bool late = v.X is >= 6 and <= 7 && v.Y is >= 1 and <= 2 && v.Z is 2 or 3;
            bool early = v.X is >= 1 and <= 2 && v.Y is >= 6 and <= 7 && v.Z is 1 or 2;
            mask[v.X, v.Y, v.Z] = (byte)(late || early ? 1 : 0);
        }

        var voxels = mask.Voxels.ToArray();
        new BlockComponents().KeepLargest(voxels, voxels, mask.Size, Connectivity.Full);

        Assert.Equal(ConnectedComponents.Largest(mask, Connectivity.Full).Voxels, voxels);
        Assert.Equal(1, voxels[mask.IndexOf(1, 6, 1)]);
    }

    [Fact]
    public void An_empty_mask_stays_empty()
    {
        var target = Enumerable.Repeat((byte)1, 60).ToArray();

        new BlockComponents().KeepLargest(new byte[60], target, new(5, 4, 3), Connectivity.Full);

        Assert.All(target, v => Assert.Equal(0, v));
    }
}
