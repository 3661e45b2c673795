using Hem.Dicom.Series;
using Hem.Imaging.Synthetic;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Tests;

/// <summary>
/// From the model grid back to the baseline grid: a "prediction" that is the baseline mask channel itself must give
/// back the baseline mask; outside the ROI and outside the brain nothing is predicted.
/// </summary>
public sealed class ProbabilityMappingTests
{
    private static Volume<byte> RoundTrip(Volume<byte> mask, Volume<byte> brain)
    {
        var ct = Volume.Zeros<short>(mask.Geometry);
        var input = new ModelInputPreparer(ModelGridSettings.Default).Prepare(ct, mask, brain, TestContext.Current.CancellationToken)!;
        return ProbabilityMapping.ToBaselineMask(input.Mask, input.Grid, brain, 0.5);
    }

    private static Volume<byte> Everywhere(VolumeGeometry geometry) => TestGrids.Box(geometry, VoxelBox.Whole(geometry.Size));

    [Theory]
    [InlineData(0.8, 5.0, 12.0)]
    [InlineData(0.5, 1.0, 8.0)]
    [InlineData(1.0, 2.5, 6.0)]
    public void The_baseline_mask_fraction_maps_back_to_the_baseline_mask(double inPlane, double slice, double radiusMm)
    {
        var geometry = TestGrids.Axial(new GridSize((int)(80 / inPlane), (int)(80 / inPlane), (int)(80 / slice)), new Vector3D(inPlane, inPlane, slice));
        var ball = TestGrids.Ball(geometry, new Vector3D(38.3, 41.1, 39.7), radiusMm);

        var back = RoundTrip(ball, Everywhere(geometry));

        Assert.Equal(geometry, back.Geometry);
        Assert.True(TestGrids.Dice(ball, back) >= 0.95, $"Dice {TestGrids.Dice(ball, back):0.000}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Synthetic_hematomas_on_5_mm_slices_map_back_with_Dice_at_least_0_95(int caseNumber)
    {
        var scan = SyntheticGenerator.Case(20240601, caseNumber, ScanProtocol.FiveMillimetre);
        var mask = new Volume<byte>(scan.Geometry, HematomaRasterizer.Rasterize(scan).Baseline);

        var back = RoundTrip(mask, Everywhere(scan.Geometry));

        Assert.True(TestGrids.Dice(mask, back) >= 0.95, $"Dice {TestGrids.Dice(mask, back):0.000}");
    }

    [Fact]
    public void Nothing_is_predicted_outside_the_ROI_or_the_brain()
    {
        // The geometry of ModelGridTests' first case: the ROI is baseline voxels [75, 146) x [65, 136) x [10, 20).
        var geometry = TestGrids.Axial(new GridSize(200, 200, 30), new Vector3D(0.8, 0.8, 5), new Vector3D(10, -20, 30));
        var grid = ModelGrid.Around(geometry, new VoxelBox(100, 90, 14, 120, 110, 16), ModelGridSettings.Default);
        var certain = Volume.Zeros<float>(grid.Geometry);
        certain.Voxels.AsSpan().Fill(1f);
        var roi = new VoxelBox(75, 65, 10, 146, 136, 20);

        Assert.Equal(TestGrids.Box(geometry, roi).Voxels, ProbabilityMapping.ToBaselineMask(certain, grid, Everywhere(geometry), 0.5).Voxels);

        var leftHalf = TestGrids.Box(geometry, new VoxelBox(0, 0, 0, 110, 200, 30));
        Assert.Equal(TestGrids.Box(geometry, new VoxelBox(75, 65, 10, 110, 136, 20)).Voxels, ProbabilityMapping.ToBaselineMask(certain, grid, leftHalf, 0.5).Voxels);

        var onBaseline = ProbabilityMapping.OnBaselineRoi(certain, grid);
        Assert.Equal(roi.Size, onBaseline.Size);
        Assert.All(onBaseline.Voxels, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void The_threshold_is_inclusive()
    {
        var geometry = TestGrids.Axial(new GridSize(60, 60, 20), new Vector3D(1, 1, 3));
        var grid = ModelGrid.Around(geometry, new VoxelBox(28, 28, 9, 32, 32, 11), ModelGridSettings.Default);
        var half = Volume.Zeros<float>(grid.Geometry);
        half.Voxels.AsSpan().Fill(0.5f);
        var brain = Everywhere(geometry);
        Assert.Equal(TestGrids.Box(geometry, grid.RoiInBaselineVoxels).Voxels, ProbabilityMapping.ToBaselineMask(half, grid, brain, 0.5).Voxels);
        Assert.All(ProbabilityMapping.ToBaselineMask(half, grid, brain, 0.50001).Voxels, v => Assert.Equal(0, v));
    }
}
