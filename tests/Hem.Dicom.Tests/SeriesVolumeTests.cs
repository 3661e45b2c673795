using Hem.Dicom.Pixels;
using Hem.Dicom.Series;

namespace Hem.Dicom.Tests;

/// <summary>
/// Series to volume against real series. Expected values come from Expected/make_series_expected.py (pydicom and
/// numpy, independent of this code); the script's header says how to regenerate them.
/// </summary>
public sealed class SeriesVolumeTests
{
    private const string Philips = "ct_series/philips_ingenuity_brain_5mm";
    private const string GeTilt = "ct_series_extra/ge_hispeed_head_tilt";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    internal static async Task<DicomSeries> LargestCtSeriesAsync(string folder, Func<IReadOnlyList<IDicomSource>, IEnumerable<IDicomSource>>? reorder = null)
    {
        var sources = DicomFileSource.FromFolder(Fixtures.Path(folder));
        var scan = await SeriesScanner.ScanAsync(reorder is null ? sources : reorder(sources), Token);
        return scan.LargestCtSeries ?? throw new InvalidOperationException($"no CT series in {folder}");
    }

    internal static async Task<CtVolume> BuildAsync(string folder, VolumeBuildOptions? options = null) =>
        await new VolumeBuilder(options: options).BuildAsync(await LargestCtSeriesAsync(folder), Token);

    private static void AssertClose(Vector3D expected, Vector3D actual, double tolerance, string what)
    {
        double distance = (expected - actual).Length;
        Assert.True(distance <= tolerance, $"{what}: expected {expected}, got {actual} ({distance:0.######} mm apart)");
    }

    private static Vector3D Vector(double[] values, int start = 0) => new(values[start], values[start + 1], values[start + 2]);

    private static void AssertOrthonormalRightHanded(VolumeGeometry geometry)
    {
        Assert.Equal(1, geometry.RowDirection.Length, 9);
        Assert.Equal(1, geometry.ColumnDirection.Length, 9);
        Assert.Equal(0, geometry.RowDirection.Dot(geometry.ColumnDirection), 9);
        Assert.Equal(0, geometry.RowDirection.Dot(geometry.SliceDirection), 9);
        Assert.Equal(0, geometry.ColumnDirection.Dot(geometry.SliceDirection), 9);
        Assert.True(geometry.IsRightHanded);
        var affine = geometry.Affine;
        Assert.Equal(geometry.Spacing.X * geometry.Spacing.Y * geometry.Spacing.Z, affine.Determinant3x3, 9);
        Assert.Equal([0, 0, 0, 1], affine.ToRowMajorArray()[12..]);
    }

    [Fact]
    public async Task The_Philips_series_is_512x512x28_at_its_pixel_spacing_and_5_mm_from_the_first_slice()
    {
        var expected = ExpectedTable.Load("series_philips.tsv");
        var volume = await BuildAsync(Philips);

        Assert.Equal(new GridSize(512, 512, 28), volume.Size);
        var spacing = expected.Numbers("spacing");
        Assert.Equal(spacing[0], volume.Spacing.X, 9);
        Assert.Equal(spacing[1], volume.Spacing.Y, 9);
        Assert.Equal(5.0, volume.Spacing.Z, 9);
        AssertClose(Vector(expected.Numbers("origin")), volume.Origin, 1e-9, "origin");
        Assert.Equal(new Vector3D(1, 0, 0), volume.RowDirection);
        Assert.Equal(new Vector3D(0, 1, 0), volume.ColumnDirection);
        Assert.Equal(new Vector3D(0, 0, 1), volume.SliceDirection);
        Assert.Empty(volume.Corrections);
        AssertOrthonormalRightHanded(volume.Geometry);
        AssertClose(new Vector3D(-115.5 + (511 * spacing[0]), -1.85 + (511 * spacing[1]), 696.21 + (27 * 5.0)), volume.Affine.Transform(511, 511, 27), 1e-6, "last voxel");
    }

    [Fact]
    public async Task Philips_voxels_are_stored_times_slope_plus_intercept_as_pydicom_computes_them()
    {
        var volume = await BuildAsync(Philips);

        var voxels = ExpectedTable.Load("series_philips.tsv").Rows("voxel").ToList();
        Assert.Equal(20, voxels.Count);
        foreach (var row in voxels)
        {
            int x = ExpectedTable.Integer(row[1]), y = ExpectedTable.Integer(row[2]), z = ExpectedTable.Integer(row[3]);
            Assert.True(ExpectedTable.Integer(row[6]) == volume[x, y, z], $"voxel ({x}, {y}, {z}) from {row[4]}: expected {row[6]} HU, got {volume[x, y, z]}");
        }
    }

    [Fact]
    public async Task Shuffled_file_order_gives_the_same_volume()
    {
        var ordered = await new VolumeBuilder().BuildAsync(await LargestCtSeriesAsync(Philips), Token);
        var shuffled = await new VolumeBuilder().BuildAsync(
            await LargestCtSeriesAsync(Philips, sources => sources.OrderBy(_ => Random.Shared.Next()).ToList()), Token);
        var reversed = await new VolumeBuilder().BuildAsync(await LargestCtSeriesAsync(Philips, sources => sources.Reverse()), Token);

        foreach (var other in new[] { shuffled, reversed })
        {
            Assert.Equal(ordered.Geometry.Size, other.Geometry.Size);
            Assert.Equal(ordered.Geometry.Affine.ToRowMajorArray(), other.Geometry.Affine.ToRowMajorArray());
            Assert.True(ordered.Voxels.AsSpan().SequenceEqual(other.Voxels), "voxels differ");
        }
    }

    [Fact]
    public async Task The_tilted_GE_series_gives_a_sheared_back_orthogonal_grid_as_computed_with_pydicom()
    {
        var expected = ExpectedTable.Load("series_ge_tilt.tsv");
        var volume = await BuildAsync(GeTilt);

        // Expected (pydicom + numpy): tilt 18.5 degrees from positions, equal to GantryDetectorTilt +18.5; steps
        // 1.08 / 4.00 / 7.00 mm along the normal resampled to 37 planes at 4.0025 mm; the grid widened from 512
        // rows to 611 so the 98.7-pixel shift of the last slice keeps every pixel.
        var size = expected.Numbers("size");
        Assert.Equal(new GridSize((int)size[0], (int)size[1], (int)size[2]), volume.Size);
        Assert.Equal(new GridSize(512, 611, 37), volume.Size);
        var spacing = expected.Numbers("spacing");
        Assert.Equal(spacing[0], volume.Spacing.X, 9);
        Assert.Equal(spacing[1], volume.Spacing.Y, 9);
        Assert.Equal(spacing[2], volume.Spacing.Z, 6);
        AssertClose(Vector(expected.Numbers("origin")), volume.Origin, 1e-6, "origin");
        AssertClose(Vector(expected.Numbers("row")), volume.RowDirection, 1e-9, "row direction");
        AssertClose(Vector(expected.Numbers("column")), volume.ColumnDirection, 1e-9, "column direction");
        AssertClose(Vector(expected.Numbers("normal")), volume.SliceDirection, 1e-9, "slice direction");
        AssertOrthonormalRightHanded(volume.Geometry);

        Assert.Equal([GeometryCorrectionKind.GantryTilt, GeometryCorrectionKind.UnevenSpacing], volume.Corrections.Select(c => c.Kind));
        Assert.Contains("gantry tilt of 18.50 degrees", volume.Corrections[0].Description, StringComparison.Ordinal);
        Assert.Contains("GantryDetectorTilt says 18.5", volume.Corrections[0].Description, StringComparison.Ordinal);
        Assert.Contains("512 x 512 to 512 x 611", volume.Corrections[0].Description, StringComparison.Ordinal);
        Assert.Contains("resampled 28 unevenly spaced slices (steps 1.08 to 7.00 mm along the normal) to 37 at 4.00 mm", volume.Corrections[1].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_GE_tilt_measured_from_positions_matches_the_header_and_pydicom()
    {
        var expected = ExpectedTable.Load("series_ge_tilt.tsv");
        var series = await LargestCtSeriesAsync(GeTilt);
        var sorted = SortedSlices.Arrange(series.Slices, VolumeBuildOptions.Default);
        var tilt = GantryTilt.Measure(sorted, VolumeBuildOptions.Default);

        Assert.Equal(expected.Numbers("tilt_positions")[0], tilt.AngleDegrees, 6);
        Assert.Equal(18.5, tilt.AngleDegrees, 3);
        Assert.Equal(18.5, tilt.HeaderDegrees);
        Assert.False(tilt.HeaderDisagrees);
        Assert.Equal(expected.Numbers("max_shift_pixels")[0], tilt.OffsetsY.Max(o => Math.Abs(o)), 6);
        var steps = expected.Numbers("steps_min_median_max");
        var distances = sorted.Distances;
        Assert.Equal(steps[0], Enumerable.Range(0, 27).Min(k => distances[k + 1] - distances[k]), 6);
        Assert.Equal(steps[2], Enumerable.Range(0, 27).Max(k => distances[k + 1] - distances[k]), 6);
    }

    [Fact]
    public async Task GE_landmarks_land_where_the_original_slices_put_them_in_patient_space()
    {
        var expected = ExpectedTable.Load("series_ge_tilt.tsv");
        var volume = await BuildAsync(GeTilt);

        foreach (var row in expected.Rows("landmark"))
        {
            // The centre pixel of the first and last acquired slices: its patient coordinate (from pydicom) maps
            // to the expected voxel index, and that index maps back to the same coordinate.
            var point = new Vector3D(ExpectedTable.Number(row[2]), ExpectedTable.Number(row[3]), ExpectedTable.Number(row[4]));
            var index = new Vector3D(ExpectedTable.Number(row[6]), ExpectedTable.Number(row[7]), ExpectedTable.Number(row[8]));
            AssertClose(index, volume.Geometry.PatientToIndex(point), 1e-6, $"{row[1]} slice centre as an index");
            AssertClose(point, volume.Geometry.IndexToPatient(index.X, index.Y, index.Z), 1e-6, $"{row[1]} slice centre in patient space");
        }

        // The first slice sits a whole 99 rows down the widened grid, so it is copied exactly.
        var first = expected.Rows("landmark").Single(r => r[1] == "first");
        Assert.Equal(ExpectedTable.Integer(first[5]), volume[255, 354, 0]);
    }

    [Fact]
    public async Task GE_voxels_match_direct_interpolation_in_patient_space_within_a_rounding_step()
    {
        var volume = await BuildAsync(GeTilt);

        var rows = ExpectedTable.Load("series_ge_tilt.tsv").Rows("voxel").ToList();
        Assert.Equal(40, rows.Count);
        foreach (var row in rows)
        {
            int i = ExpectedTable.Integer(row[1]), j = ExpectedTable.Integer(row[2]), k = ExpectedTable.Integer(row[3]);
            double hu = ExpectedTable.Number(row[4]);
            Assert.True(Math.Abs(volume[i, j, k] - hu) <= 0.5 + 1e-3, $"voxel ({i}, {j}, {k}): expected {hu:0.###} HU, got {volume[i, j, k]}");
        }
    }

    [Fact]
    public async Task The_first_GE_slice_is_copied_whole_and_the_last_lies_a_quarter_pixel_off_the_grid()
    {
        var volume = await BuildAsync(GeTilt);
        var sorted = SortedSlices.Arrange((await LargestCtSeriesAsync(GeTilt)).Slices, VolumeBuildOptions.Default);
        var firstSlice = await DecodeHuAsync(sorted.Slices[0]);
        var lastSlice = await DecodeHuAsync(sorted.Slices[^1]);

        for (int r = 0; r < 512; r++)
        {
            for (int c = 0; c < 512; c++)
            {
                Assert.Equal(firstSlice[(r * 512) + c], volume[c, r + 99, 0]);
            }
        }

        // The last slice is shifted by 0.26 rows; against the grid row it lands on it differs by interpolation
        // only, while the wrong shear (the first slice's 99 rows) would put the skull 48 mm away.
        double right = MeanAbsoluteDifference(lastSlice, volume, 36, rowOffset: 0);
        double wrong = MeanAbsoluteDifference(lastSlice, volume, 36, rowOffset: 99);
        Assert.True(right < 20, $"mean |difference| {right:0.0} HU on the right rows");
        Assert.True(wrong > 10 * right, $"mean |difference| {wrong:0.0} HU on the wrong rows, {right:0.0} on the right ones");
    }

    private static double MeanAbsoluteDifference(short[] slice, CtVolume volume, int z, int rowOffset)
    {
        double sum = 0;
        int count = 0;
        for (int r = 0; r + rowOffset < volume.Size.Y && r < 512; r++)
        {
            for (int c = 0; c < 512; c++)
            {
                sum += Math.Abs(slice[(r * 512) + c] - volume[c, r + rowOffset, z]);
                count++;
            }
        }

        return sum / count;
    }

    private static async Task<short[]> DecodeHuAsync(SliceHeader slice)
    {
        var file = await slice.Source.ReadAsync(DicomReadOptions.Default, Token);
        var decoder = await PixelDecoder.CreateDefault().OpenAsync(file, Token);
        int[] stored = new int[decoder.Description.ValuesPerFrame];
        decoder.DecodeFrame(slice.Frame, stored);
        short[] hu = new short[stored.Length];
        slice.Scale.Convert(stored, hu);
        return hu;
    }

    [Fact]
    public async Task A_tilt_above_the_limit_is_refused_with_the_angle()
    {
        var error = await Assert.ThrowsAsync<SeriesAssemblyException>(() => BuildAsync(GeTilt, new VolumeBuildOptions { MaxGantryTiltDegrees = 10 }));

        Assert.Equal("gantry tilt of 18.5 degrees (from slice positions) is above the 10-degree limit this reader corrects", error.Message);
    }

    [Fact]
    public async Task The_dcmqi_three_slice_series_sorts_along_the_normal_and_maps_padding_to_air()
    {
        var expected = ExpectedTable.Load("series_small.tsv");
        var volume = await BuildAsync("ct_series/dcmqi_ct_3slice");

        Assert.Equal(new GridSize(512, 512, 3), volume.Size);
        AssertClose(Vector(expected.Numbers("dcmqi_origin")), volume.Origin, 1e-9, "origin");
        Assert.Equal(expected.Numbers("dcmqi_spacing")[2], volume.Spacing.Z, 6);
        foreach (var row in expected.Rows("dcmqi_voxel"))
        {
            Assert.Equal(ExpectedTable.Integer(row[5]), volume[ExpectedTable.Integer(row[1]), ExpectedTable.Integer(row[2]), ExpectedTable.Integer(row[3])]);
        }

        Assert.Equal(CtVolume.AirHu, volume[0, 0, 0]);
    }

    [Fact]
    public async Task An_Enhanced_CT_takes_position_orientation_spacing_and_rescale_from_its_functional_groups()
    {
        var expected = ExpectedTable.Load("series_small.tsv");
        var scan = await SeriesScanner.ScanAsync([new DicomFileSource(Fixtures.Path("multiframe/CT0012.explicit_little_endian.dcm"))], Token);
        var volume = await new VolumeBuilder().BuildAsync(Assert.Single(scan.Series), Token);

        Assert.Equal(new GridSize(512, 512, 2), volume.Size);
        AssertClose(Vector(expected.Numbers("ct0012_origin")), volume.Origin, 1e-9, "origin");
        var spacing = expected.Numbers("ct0012_spacing");
        AssertClose(new Vector3D(spacing[0], spacing[1], spacing[2]), volume.Spacing, 1e-9, "spacing");
        var directions = expected.Numbers("ct0012_directions");
        Assert.Equal(Vector(directions), volume.RowDirection);
        Assert.Equal(Vector(directions, 3), volume.ColumnDirection);
        AssertClose(Vector(directions, 6), volume.SliceDirection, 1e-12, "slice direction");
        Assert.Empty(volume.Corrections);
        foreach (var row in expected.Rows("ct0012_voxel"))
        {
            Assert.Equal(ExpectedTable.Integer(row[5]), volume[ExpectedTable.Integer(row[1]), ExpectedTable.Integer(row[2]), ExpectedTable.Integer(row[3])]);
        }
    }

    [Theory]
    [InlineData("ct_series/dcmqi_23x38x3", 23, 38, 1)]
    [InlineData("ct_series/dcmqi_24x38x3", 24, 38, 2)]
    public async Task A_Legacy_Converted_Enhanced_CT_gives_the_same_volume_as_its_single_frame_slices(string folder, int columns, int rows, int nrrdFiles)
    {
        var scan = await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(Fixtures.Path(folder)), Token);
        var ct = scan.Series.Where(s => s.IsCt).ToList();
        Assert.Equal(2, ct.Count);
        Assert.Equal(nrrdFiles, scan.Unreadable);
        var single = ct.Single(s => s.Slices[0].Pixels.NumberOfFrames == 1);
        var multi = ct.Single(s => s.Slices[0].Pixels.NumberOfFrames == 3);

        var fromSingle = await new VolumeBuilder().BuildAsync(single, Token);
        var fromMulti = await new VolumeBuilder().BuildAsync(multi, Token);

        Assert.Equal(new GridSize(columns, rows, 3), fromMulti.Size);
        Assert.Equal(2.5, fromMulti.Spacing.Z, 9);
        Assert.Equal(fromSingle.Geometry.Affine.ToRowMajorArray(), fromMulti.Geometry.Affine.ToRowMajorArray());
        Assert.Equal(fromSingle.Voxels, fromMulti.Voxels);
    }

    [Fact]
    public async Task Headers_the_caller_has_already_read_group_into_the_same_series()
    {
        var sources = DicomFileSource.FromFolder(Fixtures.Path("ct_series/dcmqi_23x38x3"));
        var headers = new List<(IDicomSource, DicomDataset)>();
        foreach (var source in sources.Where(s => s is DicomFileSource f && f.Path.EndsWith(".dcm", StringComparison.Ordinal)))
        {
            headers.Add((source, (await source.ReadAsync(DicomReadOptions.Default, Token)).Dataset));
        }

        var grouped = SeriesScanner.Group(headers);
        var scanned = await SeriesScanner.ScanAsync(sources, Token);

        Assert.Equal(scanned.Series.Select(s => (s.SeriesInstanceUid, s.Slices.Count)), grouped.Series.Select(s => (s.SeriesInstanceUid, s.Slices.Count)));
        Assert.Equal(3, grouped.Series.Count);
    }
}
