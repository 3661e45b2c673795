using Hem.Imaging.Morphology;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Tests.Morphology;

/// <summary>The array kernel behind brain extraction must decide every voxel as <see cref="BinaryMorphology"/> does.</summary>
public sealed class BlockMorphologyTests
{
    [Theory]
    [InlineData(0.5, 0.5, 5, 8, 70, 60, 7, 0.02, 1)] // thick slices, a wide ball: row by row
    [InlineData(0.5, 0.5, 4, 8, 70, 60, 7, 0.02, 2)] // the ball just reaches two slices either side: separable
    [InlineData(0.5, 0.5, 0.6, 2.5, 40, 37, 15, 0.1, 3)] // thin slices: separable
    [InlineData(0.7, 1.1, 2.5, 2.3, 40, 33, 9, 0.25, 4)] // pixels not square: row by row
    [InlineData(1, 1, 1, 1, 9, 8, 6, 0.25, 5)] // rows shorter than a vector; voxels at exactly the radius
    [InlineData(1, 1, 1, 3, 35, 12, 9, 0.3, 6)] // separable with voxels at exactly the radius
    [InlineData(1, 1, 1, 3, 20, 12, 9, 0.3, 11)] // separable, output rows shorter than a byte vector
    [InlineData(1, 1, 1, 3, 12, 12, 9, 0.3, 12)] // separable, rows shorter than any vector
    [InlineData(1, 1, 1, 1.5, 35, 10, 6, 0.3, 7)]
    [InlineData(1, 1, 1, 0, 35, 10, 6, 0.3, 8)]
    [InlineData(1, 1, 1, 2, 2100, 3, 3, 0.01, 9)] // rows longer than the 64 tiles
    [InlineData(0.01, 0.01, 1, 3, 40, 4, 2, 0.01, 10)] // half-widths past a byte: the distance transform
    public void Dilation_and_erosion_match_binary_morphology(double sx, double sy, double sz, double radius, int nx, int ny, int nz, double density, int seed)
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(nx, ny, nz, sx, sy, sz), density, seed);
        var morphology = new BlockMorphology(mask.Geometry);
        var target = new byte[mask.Voxels.Length];

        morphology.Dilate(mask.Voxels, target, radius);
        Assert.Equal(BinaryMorphology.Dilate(mask, radius).Voxels, target);

        var dilated = BinaryMorphology.Dilate(mask, radius);
        morphology.Erode(dilated.Voxels, target, radius);
        Assert.Equal(BinaryMorphology.Erode(dilated, radius).Voxels, target);

        morphology.Erode(mask.Voxels, target, radius);
        Assert.Equal(BinaryMorphology.Erode(mask, radius).Voxels, target);
    }

    [Fact]
    public void Closing_in_place_matches_binary_morphology()
    {
        var mask = TestVolumes.RandomMask(TestVolumes.Grid(50, 40, 20, 0.5, 0.5, 0.8), 0.05, 11);
        var expected = BinaryMorphology.Close(mask, 3).Voxels;
        var morphology = new BlockMorphology(mask.Geometry);
        var voxels = mask.Voxels.ToArray();

        morphology.Dilate(voxels, voxels, 3);
        morphology.Erode(voxels, voxels, 3);

        Assert.Equal(expected, voxels);
    }

    [Fact]
    public void A_single_voxel_dilates_to_the_exact_sphere_including_its_surface()
    {
        var mask = TestVolumes.Mask(TestVolumes.Grid(40, 11, 11), (20, 5, 5));
        var ball = new byte[mask.Voxels.Length];

        new BlockMorphology(mask.Geometry).Dilate(mask.Voxels, ball, 3);

        // Lattice points with x^2 + y^2 + z^2 <= 9: 123 of them (OEIS A000605 at 3).
        Assert.Equal(123, ball.Count(v => v == 1));
    }
}
