using Hem.Dicom.Series;

namespace Hem.Dicom.Tests;

/// <summary>Series that cannot become a right volume are refused with a message naming the check and its numbers.</summary>
public sealed class SeriesRefusalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<SeriesAssemblyException> RefuseAsync(DicomSeries series) =>
        await Assert.ThrowsAsync<SeriesAssemblyException>(() => new VolumeBuilder().BuildAsync(series, Token));

    private static async Task<List<SliceHeader>> PhilipsSlicesAsync() =>
        [.. (await SeriesVolumeTests.LargestCtSeriesAsync("ct_series/philips_ingenuity_brain_5mm")).Slices];

    private static SliceHeader WithGeometry(SliceHeader slice, Func<SliceGeometry, SliceGeometry> change) =>
        slice with { Geometry = change(slice.Geometry!) };

    [Fact]
    public async Task A_slice_of_another_size_is_refused()
    {
        var slices = await PhilipsSlicesAsync();
        int index = slices.FindIndex(s => s.InstanceNumber == 12);
        slices[index] = WithGeometry(slices[index], g => g with { Rows = 256, Columns = 256 });

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.Equal($"slice {index + 1} of 28 (instance 12) is 256 x 256 pixels but slice 1 is 512 x 512: the series mixes image sizes", error.Message);
    }

    [Fact]
    public async Task A_slice_with_another_pixel_spacing_is_refused()
    {
        var slices = await PhilipsSlicesAsync();
        slices[5] = WithGeometry(slices[5], g => g with { SpacingX = 0.5, SpacingY = 0.5 });

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.Contains("has pixel spacing 0.5 x 0.5 mm but slice 1 has 0.4512 x 0.4512 mm: the series mixes pixel spacings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_localizer_among_axial_slices_is_refused_as_mixed_orientation()
    {
        var slices = await PhilipsSlicesAsync();
        slices[3] = WithGeometry(slices[3], g => g with { RowDirection = new Vector3D(0, 1, 0), ColumnDirection = new Vector3D(0, 0, -1) });

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.StartsWith("slice 4 of 28 (instance ", error.Message, StringComparison.Ordinal);
        Assert.Contains("is oriented 90.0 degrees away from slice 1 (limit 0.1 degrees): the series mixes orientations", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slightly_rotated_slice_is_refused_too()
    {
        var slices = await PhilipsSlicesAsync();
        double angle = 0.5 * Math.PI / 180;
        slices[7] = WithGeometry(slices[7], g => g with { RowDirection = new Vector3D(Math.Cos(angle), Math.Sin(angle), 0), ColumnDirection = new Vector3D(-Math.Sin(angle), Math.Cos(angle), 0) });

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.Contains("is oriented 0.5 degrees away from slice 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_slice_is_refused()
    {
        var slices = await PhilipsSlicesAsync();
        slices.Add(slices.Single(s => s.InstanceNumber == 9));

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.Equal("slices 9 and 10 of 29 along the slice normal (instance 9 and instance 9) are 0.000 mm apart, less than 0.01 mm: duplicate slices, or two acquisitions in one series", error.Message);
    }

    [Fact]
    public async Task A_series_with_missing_slices_is_refused_rather_than_interpolated_across_the_gap()
    {
        // Four slices: one at z -99.5 and three 1.25 mm apart at z 103 to 105.5.
        var series = await SeriesVolumeTests.LargestCtSeriesAsync("ct_series/pydicom_ct2_head_16x16");

        var error = await RefuseAsync(series);

        Assert.Equal("a gap of 202.50 mm between slices 1 and 2 of 4 along the normal is more than 3 times the median spacing of 1.25 mm: slices are missing", error.Message);
    }

    [Fact]
    public async Task A_slice_without_position_is_refused()
    {
        var slices = await PhilipsSlicesAsync();
        slices[2] = slices[2] with { Geometry = null };

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.StartsWith("slice 3 of 28 (instance ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("has no ImagePositionPatient, ImageOrientationPatient or PixelSpacing: its place in the volume is unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_single_slice_is_not_a_volume()
    {
        var slices = await PhilipsSlicesAsync();

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices.Take(1)));

        Assert.Equal("the series has 1 slice; a volume needs at least 2", error.Message);
    }

    [Fact]
    public async Task A_segmentation_is_not_a_CT_volume()
    {
        var scan = await SeriesScanner.ScanAsync([new DicomFileSource(Fixtures.Path("ct_series/dcmqi_23x38x3/label_seg.dcm"))], Token);

        var error = await RefuseAsync(Assert.Single(scan.Series));

        Assert.Equal("slice 1 of 3 has Modality SEG; only CT slices become a Hounsfield-unit volume", error.Message);
    }

    [Fact]
    public async Task A_stack_whose_slices_wander_off_a_line_is_refused()
    {
        var slices = await PhilipsSlicesAsync();
        int index = slices.FindIndex(s => s.InstanceNumber == 20);
        slices[index] = WithGeometry(slices[index], g => g with { Position = g.Position + new Vector3D(5, 0, 0) });

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.StartsWith("slice 20 of 28 along the normal (instance 20) is ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("pixels off the line through the slice positions (limit 0.5): the slices are not one tilted stack", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Positions_that_would_need_an_impossible_grid_are_refused_before_allocating()
    {
        var slices = (await PhilipsSlicesAsync()).Take(3).ToList();
        for (int k = 0; k < 3; k++)
        {
            // A 20-degree tilt over a kilometre-scale stack: a hostile header, not a scan.
            slices[k] = WithGeometry(slices[k], g => g with { Position = new Vector3D(0, k * 3.64e8, k * 1e9) });
        }

        var error = await RefuseAsync(new DicomSeries("1.2.3", slices));

        Assert.EndsWith("grid, more voxels per slice than an array holds", error.Message, StringComparison.Ordinal);
    }
}
