using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Grid;

namespace Hem.Prediction.Tests.Grid;

/// <summary>The model grid's placement, worked out by hand per axis (mm from the centre of baseline voxel 0).</summary>
public sealed class ModelGridTests
{
    private static readonly ModelGridSettings Settings = ModelGridSettings.Default;

    [Fact]
    public void A_box_well_inside_the_CT_gets_its_extent_plus_the_margin_in_whole_voxels_from_its_low_edge()
    {
        // 0.8 x 0.8 x 5 mm. x: box [100, 120) spans 79.6..95.6 mm (voxel edges), +-20 -> 59.6..115.6 = 56 mm -> ceil(37.33)
        // = 38 voxels from 59.6 (first centre 60.35), reaching 116.6; baseline centres 0.8 i inside: i = 75..145.
        // y: [90, 110) -> 51.6..107.6 -> 38 voxels from 51.6 (centre 52.35) to 108.6: i = 65..135.
        // z: [14, 16) spans 67.5..77.5, +-20 -> 47.5..97.5 = 50 mm -> 34 voxels from 47.5 (centre 48.25) to 98.5: k = 10..19.
        var baseline = TestGrids.Axial(new GridSize(200, 200, 30), new Vector3D(0.8, 0.8, 5), new Vector3D(10, -20, 30));

        var grid = ModelGrid.Around(baseline, new VoxelBox(100, 90, 14, 120, 110, 16), Settings);

        Assert.Equal(new GridSize(38, 38, 34), grid.Geometry.Size);
        Assert.Equal(new Vector3D(1.5, 1.5, 1.5), grid.Geometry.Spacing);
        AssertClose(new Vector3D(10 + 60.35, -20 + 52.35, 30 + 48.25), grid.Geometry.Origin);
        Assert.Equal(new VoxelBox(75, 65, 10, 146, 136, 20), grid.RoiInBaselineVoxels);
        Assert.Same(baseline, grid.Baseline);
    }

    [Fact]
    public void Axes_keep_the_baseline_directions_on_an_oblique_grid()
    {
        double c = Math.Cos(Math.PI / 6), s = Math.Sin(Math.PI / 6);
        var row = new Vector3D(c, s, 0);
        var column = new Vector3D(-s, c, 0);
        var slice = new Vector3D(0, 0, 1);
        var origin = new Vector3D(10, -20, 30);
        var baseline = new VolumeGeometry(new GridSize(200, 200, 30), new Vector3D(0.8, 0.8, 5), origin, row, column, slice);

        var grid = ModelGrid.Around(baseline, new VoxelBox(100, 90, 14, 120, 110, 16), Settings);

        Assert.Equal(new GridSize(38, 38, 34), grid.Geometry.Size);
        Assert.Equal(row, grid.Geometry.RowDirection);
        Assert.Equal(column, grid.Geometry.ColumnDirection);
        Assert.Equal(slice, grid.Geometry.SliceDirection);
        AssertClose(origin + (60.35 * row) + (52.35 * column) + (48.25 * slice), grid.Geometry.Origin);
    }

    [Fact]
    public void The_ROI_is_clipped_to_the_CT_and_then_grown_symmetrically_to_a_patch()
    {
        // 1 x 1 x 5 mm, 100 x 100 x 8 (z spans -2.5..37.5 mm).
        // x: box [50, 52) -> 49.5..51.5, +-20 -> 29.5..71.5 = 42 mm = 28 voxels < 32: centred on 50.5, 32 voxels from
        //    26.5 to 74.5; centres i = 27..74.
        // y: box [95, 100) -> 94.5..99.5, -20 / +20 clipped to 99.5 -> 74.5..99.5 = 25 mm < 48: centre 87, from 63 to 111
        //    (past the CT); centres j = 63..99.
        // z: box [0, 2) -> -2.5..7.5, -20 clipped to -2.5, +20 -> 27.5: 30 mm < 48: centre 12.5, from -11.5 to 36.5;
        //    centres k = 0..7 (all).
        var baseline = TestGrids.Axial(new GridSize(100, 100, 8), new Vector3D(1, 1, 5));

        var grid = ModelGrid.Around(baseline, new VoxelBox(50, 95, 0, 52, 100, 2), Settings);

        Assert.Equal(new GridSize(32, 32, 32), grid.Geometry.Size);
        AssertClose(new Vector3D(26.5 + 0.75, 63 + 0.75, -11.5 + 0.75), grid.Geometry.Origin);
        Assert.Equal(new VoxelBox(27, 63, 0, 75, 100, 8), grid.RoiInBaselineVoxels);
    }

    [Fact]
    public void Other_settings_change_the_spacing_margin_and_minimum_size()
    {
        // 1 mm voxels, margin 5, spacing 2, patch 8: x box [10, 20) -> 9.5..19.5 +-5 -> 4.5..24.5 = 20 mm = 10 voxels.
        var settings = new ModelGridSettings(2, 5, new GridSize(8, 8, 8), ModelGridSettings.Default.Normalisation);
        var baseline = TestGrids.Axial(new GridSize(40, 40, 40), new Vector3D(1, 1, 1));

        var grid = ModelGrid.Around(baseline, new VoxelBox(10, 10, 10, 20, 12, 11), settings);

        // y: 9.5..11.5 +-5 = 12 mm = 6 voxels < 8 -> 8 centred on 10.5: 2.5..18.5. z: 9.5..10.5 +-5 = 11 mm -> 5.5 -> 6 < 8 -> 8 from 2..18.
        Assert.Equal(new GridSize(10, 8, 8), grid.Geometry.Size);
        AssertClose(new Vector3D(4.5 + 1, 2.5 + 1, 2 + 1), grid.Geometry.Origin);
        Assert.Equal(new VoxelBox(5, 3, 2, 25, 19, 19), grid.RoiInBaselineVoxels);
    }

    private static void AssertClose(Vector3D expected, Vector3D actual) =>
        Assert.True((expected - actual).Length < 1e-9, $"expected {expected}, got {actual}");
}
