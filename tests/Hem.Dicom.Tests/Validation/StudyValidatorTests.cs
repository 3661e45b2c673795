using System.IO.Compression;
using Hem.Dicom.Series;
using Hem.Dicom.Validation;

namespace Hem.Dicom.Tests.Validation;

/// <summary>
/// Study validation end to end: every rejection code from a real fixture or a series, folder or zip written here,
/// and the choice among several series.
/// </summary>
public sealed class StudyValidatorTests : IDisposable
{
    private const string Philips = "ct_series/philips_ingenuity_brain_5mm";
    private const string GeTilt = "ct_series_extra/ge_hispeed_head_tilt";

    private readonly string _folder = Directory.CreateTempSubdirectory("hem-validate-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string NewFolder() => Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName;

    private static async Task<StudyValidation> ValidateAsync(string path, StudyValidationOptions? options = null, DicomZipLimits? limits = null)
    {
        await using var input = await StudyInput.OpenAsync(path, limits, Token);
        return await new StudyValidator(options: options).ValidateAsync(input, Token);
    }

    private async Task<StudyValidation> ValidateAsync(SyntheticSeries series, StudyValidationOptions? options = null) =>
        await ValidateAsync(await series.WriteAsync(NewFolder(), Token), options);

    private static Rejection AssertRejected(StudyValidation result, string code)
    {
        Assert.False(result.Accepted);
        Assert.Null(result.Chosen);
        var rejection = Assert.IsType<Rejection>(result.Rejection);
        Assert.True(rejection.Code == code, $"expected {code}, got {rejection.Code}: {rejection.Reason}");
        Assert.EndsWith(".", rejection.Reason, StringComparison.Ordinal);
        return rejection;
    }

    private async Task<string> ZipAsync(IEnumerable<(string Name, byte[] Bytes)> entries, CompressionLevel level = CompressionLevel.Fastest)
    {
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.zip");
        await using var archive = await ZipArchive.CreateAsync(File.Create(path), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token);
        foreach (var (name, bytes) in entries)
        {
            var entry = archive.CreateEntry(name, level);
            await using var stream = await entry.OpenAsync(Token);
            await stream.WriteAsync(bytes, Token);
        }

        return path;
    }

    private static IEnumerable<(string Name, byte[] Bytes)> FixtureFiles(string folder, string prefix) =>
        Directory.GetFiles(Fixtures.Path(folder)).Order(StringComparer.Ordinal).Select(f => (prefix + Path.GetFileName(f), File.ReadAllBytes(f)));

    // ---- accepted studies --------------------------------------------------------------------------------------

    [Fact]
    public async Task The_Philips_head_is_accepted_with_28_slices_over_135_mm()
    {
        var result = await ValidateAsync(Fixtures.Path(Philips));

        Assert.True(result.Accepted, result.Rejection?.Reason);
        var chosen = result.Chosen!;
        Assert.Equal((1, 1, 28), (chosen.Index, chosen.SeriesCount, chosen.Slices));
        Assert.Equal("CT", chosen.Modality);
        Assert.Equal(135.0, chosen.CoverageMm, 6);
        Assert.Equal(5.0, chosen.SpacingMm, 6);
        Assert.Equal(5.0, chosen.SliceThicknessMm);
        Assert.Equal((512, 512), (chosen.Rows, chosen.Columns));
        Assert.Equal("1.2.840.10008.1.2.1", chosen.TransferSyntax.Uid);
        Assert.Equal(0, chosen.TiltDegrees);
        Assert.Empty(result.OtherSeries);
        Assert.Equal(IgnoredFiles.None, result.Ignored);
        Assert.Contains("It covers 135.0 mm along the slice normal (at least 100 mm needed).", result.Reasons);
        Assert.Contains("It has 28 slices (at least 10 needed).", result.Reasons);
        Assert.Contains("It is axial: its slice normal is 0.0 degrees from the head-to-foot axis (limit 30).", result.Reasons);
    }

    [Fact]
    public async Task The_tilted_GE_head_is_accepted_with_its_18_5_degree_tilt_reported_as_corrected()
    {
        var result = await ValidateAsync(Fixtures.Path(GeTilt));

        Assert.True(result.Accepted, result.Rejection?.Reason);
        var chosen = result.Chosen!;
        Assert.Equal(28, chosen.Slices);
        Assert.Equal(18.5, chosen.TiltDegrees, 3);
        Assert.Equal(4.0, chosen.SliceThicknessMm);
        Assert.Contains(result.Reasons, r => r.Contains("a gantry tilt of 18.5 degrees that is corrected", StringComparison.Ordinal));
        Assert.Contains("It is axial: its slice normal is 18.5 degrees from the head-to-foot axis (limit 30).", result.Reasons);

        // The same plan the volume builder makes: 37 planes at 4.0025 mm.
        var volume = await new VolumeBuilder().BuildAsync(chosen.Series, Token);
        Assert.Equal(volume.Size, chosen.Plan.Size);
        Assert.Equal(volume.Spacing.Z, chosen.SpacingMm, 9);
    }

    [Fact]
    public async Task A_tilt_above_a_lower_limit_is_rejected_with_the_volume_builders_own_words()
    {
        var limit = new VolumeBuildOptions { MaxGantryTiltDegrees = 10 };
        var builderError = await Assert.ThrowsAsync<SeriesAssemblyException>(async () =>
            await new VolumeBuilder(options: limit).BuildAsync((await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(Fixtures.Path(GeTilt)), Token)).LargestCtSeries!, Token));

        var result = await ValidateAsync(Fixtures.Path(GeTilt), StudyValidationOptions.Default with { Volume = limit });

        var rejection = AssertRejected(result, RejectionCodes.UncorrectableTilt);
        Assert.Equal($"The chosen series (series 1 of 1) cannot become a volume: {builderError.Message}.", rejection.Reason);
        Assert.Equal(RejectionCodes.UncorrectableTilt, Assert.Single(result.OtherSeries).Code);
    }

    [Fact]
    public async Task The_Philips_head_beside_a_localizer_and_an_MR_series_is_chosen_and_the_others_are_listed()
    {
        string folder = NewFolder();
        foreach (var file in Directory.GetFiles(Fixtures.Path(Philips)))
        {
            File.Copy(file, Path.Combine(folder, "philips_" + Path.GetFileName(file)));
        }

        var localizer = new SyntheticSeries
        {
            SeriesUid = "2.25.1", Slices = 1, Rows = 64, ImageType = @"ORIGINAL\PRIMARY\LOCALIZER",
            RowDirection = new Vector3D(1, 0, 0), ColumnDirection = new Vector3D(0, 0, -1),
        };
        var mr = new SyntheticSeries { SeriesUid = "2.25.2", Modality = "MR", Slices = 30 };
        await localizer.WriteAsync(Path.Combine(folder, "scout"), Token);
        await mr.WriteAsync(Path.Combine(folder, "mr"), Token);
        await File.WriteAllTextAsync(Path.Combine(folder, "README.txt"), "exported by a PACS", Token);

        var result = await ValidateAsync(folder);

        Assert.True(result.Accepted, result.Rejection?.Reason);
        Assert.Equal(28, result.Chosen!.Slices);
        Assert.Equal(3, result.Chosen.SeriesCount);
        // Series are numbered in SeriesInstanceUID order: 2.25.1, 2.25.2, then Philips' 1.3.46... sorts first.
        var others = result.OtherSeries.ToDictionary(o => o.Slices, o => o.Code);
        Assert.Equal(RejectionCodes.Localizer, others[1]);
        Assert.Equal(RejectionCodes.WrongModality, others[30]);
        Assert.Equal(new IgnoredFiles(1, 0), result.Ignored);
        Assert.Contains("The input holds 3 image series; ", result.Reasons[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_of_the_Philips_head_with_other_members_is_accepted_and_the_members_are_counted()
    {
        string zip = await ZipAsync([.. FixtureFiles(Philips, "export/series1/"), ("export/", []), ("export/notes.txt", "a note"u8.ToArray()), ("export/report.pdf", new byte[4000])]);

        var result = await ValidateAsync(zip);

        Assert.True(result.Accepted, result.Rejection?.Reason);
        Assert.Equal(28, result.Chosen!.Slices);
        Assert.Equal(new IgnoredFiles(2, 0), result.Ignored);
    }

    [Fact]
    public async Task Of_two_good_series_the_one_with_more_slices_is_chosen_and_the_other_is_not_preferred()
    {
        string folder = NewFolder();
        await new SyntheticSeries { SeriesUid = "2.25.10", Slices = 16 }.WriteAsync(Path.Combine(folder, "a"), Token);
        await new SyntheticSeries { SeriesUid = "2.25.20", Slices = 22, SpacingMm = 5 }.WriteAsync(Path.Combine(folder, "b"), Token);

        var result = await ValidateAsync(folder);

        Assert.Equal(2, result.Chosen!.Index);
        var other = Assert.Single(result.OtherSeries);
        Assert.Equal((1, RejectionCodes.NotPreferred), (other.Index, other.Code));
        Assert.Equal("Series 1 of 2 passes every rule too, but series 2 of 2 is preferred: it has more slices (22 against 16).", other.Reason);
        Assert.Contains("It is preferred over 1 other series that pass every rule", result.Reasons[^4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slices_in_the_preferred_thickness_band_win_over_more_sub_half_millimetre_slices()
    {
        string folder = NewFolder();
        await new SyntheticSeries { SeriesUid = "2.25.10", Slices = 16 }.WriteAsync(Path.Combine(folder, "thick"), Token);
        await new SyntheticSeries { SeriesUid = "2.25.20", Slices = 300, SpacingMm = 0.4, SliceThicknessMm = "0.4", Rows = 8, Columns = 8 }.WriteAsync(Path.Combine(folder, "thin"), Token);

        var result = await ValidateAsync(folder);

        Assert.Equal(1, result.Chosen!.Index);
        var other = Assert.Single(result.OtherSeries);
        Assert.Equal("Series 2 of 2 passes every rule too, but series 1 of 2 is preferred: its 0.4 mm slices are outside the preferred 0.5 to 5 mm.", other.Reason);
    }

    [Fact]
    public async Task Series_numbers_and_the_choice_do_not_depend_on_file_order()
    {
        string folder = NewFolder();
        await new SyntheticSeries { SeriesUid = "2.25.10" }.WriteAsync(Path.Combine(folder, "z"), Token);
        await new SyntheticSeries { SeriesUid = "2.25.20", Modality = "MR" }.WriteAsync(Path.Combine(folder, "a"), Token);
        var sources = DicomFileSource.FromFolder(folder);

        var forward = await new StudyValidator().ValidateAsync(sources, Token);
        var backward = await new StudyValidator().ValidateAsync(sources.Reverse(), Token);

        Assert.Equal(1, forward.Chosen!.Index);
        Assert.Equal(1, backward.Chosen!.Index);
        Assert.Equal(forward.OtherSeries, backward.OtherSeries);
    }

    [Theory]
    [InlineData("HEAD WO CONTRAST")]
    [InlineData("CT Head w/o contrast")]
    [InlineData("NON-CONTRAST HEAD")]
    [InlineData("Brain 5mm")]
    [InlineData("POST FOSSA")]
    public async Task A_description_that_negates_contrast_is_accepted(string description)
    {
        var result = await ValidateAsync(new SyntheticSeries { SeriesDescription = description, ContrastBolusAgent = "NONE" });

        Assert.True(result.Accepted, result.Rejection?.Reason);
    }

    // ---- one test per rejection code ---------------------------------------------------------------------------

    [Fact]
    public async Task No_dicom_a_folder_of_other_files()
    {
        string folder = NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "nothing to see", Token);
        await File.WriteAllBytesAsync(Path.Combine(folder, "blob.bin"), new byte[1000], Token);

        var rejection = AssertRejected(await ValidateAsync(folder), RejectionCodes.NoDicom);

        Assert.Equal("The input holds no readable DICOM image: of its 2 files, 2 are not DICOM.", rejection.Reason);
    }

    [Fact]
    public async Task No_dicom_an_empty_folder_or_only_a_report()
    {
        var empty = AssertRejected(await ValidateAsync(NewFolder()), RejectionCodes.NoDicom);
        string folder = NewFolder();
        File.Copy(Fixtures.Path("quirks/pydicom_test-SR.dcm"), Path.Combine(folder, "sr.dcm"));
        var report = await ValidateAsync(folder);

        Assert.Equal("The input holds no files.", empty.Reason);
        Assert.Equal("The input holds no readable DICOM image: of its 1 file, 1 is a DICOM object that is not an image (a DICOMDIR or a report).", AssertRejected(report, RejectionCodes.NoDicom).Reason);
        Assert.Equal(new IgnoredFiles(0, 1), report.Ignored);
    }

    [Fact]
    public async Task No_ct_an_MR_series_is_excluded_as_wrong_modality()
    {
        var result = await ValidateAsync(new SyntheticSeries { Modality = "MR" });

        var rejection = AssertRejected(result, RejectionCodes.NoCt);
        Assert.Equal("No image series in the study is CT; the model reads non-contrast head CT. Series 1 of 1 is not CT (its Modality is another).", rejection.Reason);
        Assert.Equal(new SeriesExclusion(1, 16, RejectionCodes.WrongModality, "Series 1 of 1 is not CT (its Modality is another)."), Assert.Single(result.OtherSeries));
    }

    [Fact]
    public async Task Secondary_capture_a_CT_screenshot_series()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { SopClassUid = SyntheticSeries.SecondaryCaptureStorage, ImageType = @"DERIVED\SECONDARY" }), RejectionCodes.SecondaryCapture);

        Assert.Contains("Series 1 of 1 is a secondary capture: a Secondary Capture SOP class in all 16 of its objects.", rejection.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"DERIVED\PRIMARY\AXIAL")]
    [InlineData(@"ORIGINAL\SECONDARY\AXIAL")]
    [InlineData(@"DERIVED\SECONDARY\REFORMATTED")]
    [InlineData(null)]
    public async Task Not_original_derived_secondary_or_unknown_image_type(string? imageType)
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { ImageType = imageType }), RejectionCodes.NotOriginal);

        Assert.StartsWith(@"Every CT series is derived or secondary (a reformat, MIP or screenshot): ImageType must begin ORIGINAL\PRIMARY. Series 1 of 1 ", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localizer_only_a_localizer_image_type_or_a_lone_image()
    {
        var named = await ValidateAsync(new SyntheticSeries { ImageType = @"ORIGINAL\PRIMARY\LOCALIZER", Slices = 2, RowDirection = new Vector3D(0, 1, 0), ColumnDirection = new Vector3D(0, 0, -1) });
        var lone = await ValidateAsync(new SyntheticSeries { Slices = 1 });
        var apart = await ValidateAsync(new SyntheticSeries { Slices = 3, SpacingMm = 40 });

        Assert.Contains("Series 1 of 1 is a localizer (ImageType names LOCALIZER).", AssertRejected(named, RejectionCodes.LocalizerOnly).Reason, StringComparison.Ordinal);
        Assert.Contains("Series 1 of 1 is a single image: a localizer or a key image, not a stack of slices.", AssertRejected(lone, RejectionCodes.LocalizerOnly).Reason, StringComparison.Ordinal);
        Assert.Contains("Series 1 of 1 is 3 images up to 40.0 mm apart", AssertRejected(apart, RejectionCodes.LocalizerOnly).Reason, StringComparison.Ordinal);
        Assert.Equal(RejectionCodes.Localizer, Assert.Single(lone.OtherSeries).Code);
    }

    [Fact]
    public async Task Not_axial_a_sagittal_series()
    {
        var result = await ValidateAsync(new SyntheticSeries { RowDirection = new Vector3D(0, 1, 0), ColumnDirection = new Vector3D(0, 0, -1) });

        var rejection = AssertRejected(result, RejectionCodes.NotAxial);
        Assert.EndsWith("Series 1 of 1 is not axial: its slice normal is 90.0 degrees from the head-to-foot axis (limit 30).", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plane_tilted_within_the_axial_limit_is_still_axial()
    {
        double angle = 25 * Math.PI / 180;
        var result = await ValidateAsync(new SyntheticSeries { ColumnDirection = new Vector3D(0, Math.Cos(angle), -Math.Sin(angle)) });

        Assert.True(result.Accepted, result.Rejection?.Reason);
        Assert.Contains("It is axial: its slice normal is 25.0 degrees from the head-to-foot axis (limit 30).", result.Reasons);
    }

    [Fact]
    public async Task Contrast_enhanced_a_recorded_agent()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { ContrastBolusAgent = "IOHEXOL 350" }), RejectionCodes.ContrastEnhanced);

        Assert.EndsWith("Series 1 of 1 records a contrast agent (ContrastBolusAgent, ContrastBolusAgentSequence or ContrastBolusUsageSequence).", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Contrast_enhanced_an_agent_sequence_item()
    {
        var series = new SyntheticSeries
        {
            Edit = (_, d) => d.Set(new DicomSequence(DicomTags.ContrastBolusAgentSequence, [new DicomDataset()])),
        };

        AssertRejected(await ValidateAsync(series), RejectionCodes.ContrastEnhanced);
    }

    [Theory]
    [InlineData("HEAD C+")]
    [InlineData("CTA HEAD NECK")]
    [InlineData("Angio Circle of Willis")]
    [InlineData("head with contrast")]
    [InlineData("POST CONTRAST AXIAL")]
    [InlineData("CTP perfusion")]
    public async Task Contrast_enhanced_a_description_naming_contrast(string description)
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { SeriesDescription = description }), RejectionCodes.ContrastEnhanced);

        Assert.EndsWith("Series 1 of 1 is named as a contrast study in its series description (C+, CTA, angiography, perfusion or contrast).", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(description, rejection.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Burned_in_annotation_declared_yes()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { BurnedInAnnotation = "YES" }), RejectionCodes.BurnedInAnnotation);

        Assert.EndsWith("Series 1 of 1 declares burned-in annotation (BurnedInAnnotation YES) in all 16 of its objects.", rejection.Reason, StringComparison.Ordinal);
        Assert.True((await ValidateAsync(new SyntheticSeries { BurnedInAnnotation = "NO" })).Accepted);
    }

    [Fact]
    public async Task Too_few_slices_five()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { Slices = 5 }), RejectionCodes.TooFewSlices);

        Assert.Equal("No series has enough slices for a head volume (at least 10). Series 1 of 1 has 5 slices; a head volume needs at least 10.", rejection.Reason);
    }

    [Fact]
    public async Task Insufficient_coverage_three_millimetres()
    {
        var series = new SyntheticSeries { Slices = 16, SpacingMm = 0.2, SliceThicknessMm = "0.2" };

        var rejection = AssertRejected(await ValidateAsync(series), RejectionCodes.InsufficientCoverage);
        var lowered = await ValidateAsync(series, StudyValidationOptions.Default with { MinCoverageMm = 2 });

        Assert.EndsWith("Series 1 of 1 covers 3.0 mm along the slice normal; a head needs at least 100 mm.", rejection.Reason, StringComparison.Ordinal);
        Assert.True(lowered.Accepted, lowered.Rejection?.Reason);
    }

    [Fact]
    public async Task Inconsistent_geometry_mixed_sizes_with_the_volume_builders_words()
    {
        var series = new SyntheticSeries
        {
            Edit = (k, d) =>
            {
                if (k == 6)
                {
                    d.SetUInt16(Pixels.PixelDescription.RowsTag, 16);
                    d.SetUInt16(Pixels.PixelDescription.ColumnsTag, 16);
                }
            },
        };
        string folder = await series.WriteAsync(NewFolder(), Token);
        var builderError = await Assert.ThrowsAsync<SeriesAssemblyException>(async () =>
            await new VolumeBuilder().BuildAsync((await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(folder), Token)).LargestCtSeries!, Token));

        var rejection = AssertRejected(await ValidateAsync(folder), RejectionCodes.InconsistentGeometry);

        Assert.Equal($"The chosen series (series 1 of 1) cannot become a volume: {builderError.Message}.", rejection.Reason);
        Assert.Contains("the series mixes image sizes", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inconsistent_geometry_a_duplicate_and_a_missing_slice()
    {
        var duplicate = new SyntheticSeries
        {
            Edit = (k, d) =>
            {
                if (k == 3)
                {
                    d.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, @"-8\-8\14");
                }
            },
        };
        string gapFolder = await new SyntheticSeries { Slices = 20 }.WriteAsync(NewFolder(), Token);
        foreach (int k in new[] { 8, 9, 10 })
        {
            File.Delete(Path.Combine(gapFolder, $"slice_{k:000}.dcm"));
        }

        var duplicated = AssertRejected(await ValidateAsync(duplicate), RejectionCodes.InconsistentGeometry);
        var missing = AssertRejected(await ValidateAsync(gapFolder), RejectionCodes.InconsistentGeometry);

        Assert.Contains("duplicate slices, or two acquisitions in one series", duplicated.Reason, StringComparison.Ordinal);
        Assert.Contains("slices are missing", missing.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Uncorrectable_tilt_beyond_30_degrees()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { ShearDegrees = 40 }), RejectionCodes.UncorrectableTilt);

        Assert.Equal("The chosen series (series 1 of 1) cannot become a volume: gantry tilt of 40.0 degrees (from slice positions) is above the 30-degree limit this reader corrects.", rejection.Reason);
        Assert.True((await ValidateAsync(new SyntheticSeries { ShearDegrees = 20 })).Chosen is { TiltDegrees: > 19.99 and < 20.01 });
    }

    [Fact]
    public async Task Unsupported_transfer_syntax_HTJ2K()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { EncapsulatedSyntaxUid = "1.2.840.10008.1.2.4.201" }), RejectionCodes.UnsupportedTransferSyntax);

        Assert.Equal("The chosen series (series 1 of 1) stores its pixels in transfer syntax 1.2.840.10008.1.2.4.201 (High-Throughput JPEG 2000 Image Compression (Lossless Only)), which no decoder here reads (all 16 of its objects).", rejection.Reason);
    }

    [Fact]
    public async Task Unsupported_transfer_syntax_an_unknown_one_is_not_echoed()
    {
        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries { EncapsulatedSyntaxUid = "1.2.826.0.1.3680043.99.1" }), RejectionCodes.UnsupportedTransferSyntax);

        Assert.Contains("in an unknown transfer syntax, which no decoder here reads", rejection.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("3680043", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_transfer_syntax_twelve_bits_allocated_in_every_object()
    {
        var series = new SyntheticSeries { Edit = (_, d) => d.SetUInt16(Pixels.PixelDescription.BitsAllocatedTag, 12) };

        var rejection = AssertRejected(await ValidateAsync(series), RejectionCodes.UnsupportedTransferSyntax);

        Assert.Equal("No series has an object that can be read as an image. Series 1 of 1 has no object whose pixels can be decoded here (16 objects: BitsAllocated 12 is not supported (1, 8, 16 or 32)).", rejection.Reason);
    }

    [Fact]
    public async Task Corrupt_file_a_slice_of_the_chosen_series_is_truncated_in_its_pixels()
    {
        string folder = await new SyntheticSeries().WriteAsync(NewFolder(), Token);
        string victim = Path.Combine(folder, "slice_009.dcm");
        byte[] bytes = await File.ReadAllBytesAsync(victim, Token);
        await File.WriteAllBytesAsync(victim, bytes[..^100], Token);

        var rejection = AssertRejected(await ValidateAsync(folder), RejectionCodes.CorruptFile);

        Assert.StartsWith("The chosen series (series 1 of 1) has a file that cannot be read in full: slice 9 of 16 along the normal (instance 9): ", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Corrupt_file_a_damaged_DICOM_file_that_may_belong_to_the_chosen_series()
    {
        string folder = await new SyntheticSeries().WriteAsync(NewFolder(), Token);
        string victim = Path.Combine(folder, "slice_009.dcm");
        byte[] bytes = await File.ReadAllBytesAsync(victim, Token);
        await File.WriteAllBytesAsync(victim, bytes[..200], Token);

        var result = await ValidateAsync(folder);

        var rejection = AssertRejected(result, RejectionCodes.CorruptFile);
        Assert.Equal("1 file in the input carries the DICOM marker but cannot be read; it may be a slice of the chosen series (series 1 of 1), so the series may be incomplete.", rejection.Reason);
    }

    [Fact]
    public async Task Corrupt_file_a_series_whose_image_attributes_are_malformed()
    {
        var series = new SyntheticSeries
        {
            Edit = (k, d) =>
            {
                if (k == 2)
                {
                    d.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, @"1\2");
                }
            },
        };

        var rejection = AssertRejected(await ValidateAsync(series), RejectionCodes.CorruptFile);

        Assert.Equal("The chosen series (series 1 of 1) has 1 object with malformed image attributes, which cannot become slices; the series would be incomplete.", rejection.Reason);
    }

    [Theory]
    [InlineData("../outside.dcm")]
    [InlineData("study/../../outside.dcm")]
    [InlineData("/etc/outside.dcm")]
    public async Task Path_traversal_a_zip_entry_that_leaves_the_folder(string name)
    {
        string zip = await ZipAsync([.. new SyntheticSeries().Files(), (name, new byte[10])]);

        var rejection = AssertRejected(await ValidateAsync(zip), RejectionCodes.PathTraversal);

        Assert.Equal("Zip entry 17 of 17 has a path that leaves the archive folder (absolute, or with '..'); the archive is refused.", rejection.Reason);
    }

    [Fact]
    public async Task Zip_bomb_an_entry_of_zeros_inflating_a_thousandfold()
    {
        string zip = await ZipAsync([.. new SyntheticSeries().Files(), ("padding.bin", new byte[4 << 20])], CompressionLevel.Optimal);

        var rejection = AssertRejected(await ValidateAsync(zip), RejectionCodes.ZipBomb);

        Assert.StartsWith("Zip entry 17 of 17 would inflate ", rejection.Reason, StringComparison.Ordinal);
        Assert.EndsWith("more than the 100-fold limit: a zip bomb; the archive is refused.", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zip_bomb_many_entries_each_under_the_entry_limit_but_too_compressible_together()
    {
        var entries = Enumerable.Range(0, 20).Select(i => ($"part{i}.bin", new byte[200_000])).ToList();
        string zip = await ZipAsync(entries, CompressionLevel.Optimal);
        var limits = DicomZipLimits.Default with { CompressionRatioFloorBytes = 1_000_000, MaxEntryCompressionRatio = 10_000 };

        var rejection = AssertRejected(await ValidateAsync(zip, limits: limits), RejectionCodes.ZipBomb);

        Assert.StartsWith("The zip as a whole would inflate ", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_too_large_zip_folder_and_file_limits()
    {
        var files = new SyntheticSeries().Files().ToList();
        string zip = await ZipAsync(files);
        string folder = await new SyntheticSeries().WriteAsync(NewFolder(), Token);
        string single = Path.Combine(folder, "slice_001.dcm");

        var zipEntries = AssertRejected(await ValidateAsync(zip, limits: new DicomZipLimits { MaxEntries = 10 }), RejectionCodes.InputTooLarge);
        var zipBytes = AssertRejected(await ValidateAsync(zip, limits: new DicomZipLimits { MaxTotalBytes = 20_000 }), RejectionCodes.InputTooLarge);
        var folderFiles = AssertRejected(await ValidateAsync(folder, limits: new DicomZipLimits { MaxEntries = 10 }), RejectionCodes.InputTooLarge);
        var folderBytes = AssertRejected(await ValidateAsync(folder, limits: new DicomZipLimits { MaxTotalBytes = 20_000 }), RejectionCodes.InputTooLarge);
        var fileBytes = AssertRejected(await ValidateAsync(single, limits: new DicomZipLimits { MaxEntryBytes = 1000 }), RejectionCodes.InputTooLarge);

        Assert.Equal("The zip holds 16 entries, more than the 10 allowed.", zipEntries.Reason);
        Assert.Equal("The zip entries inflate to more than the 20000-byte limit; the archive is refused.", zipBytes.Reason);
        Assert.Equal("The folder holds more than the 10 files allowed.", folderFiles.Reason);
        Assert.Equal("The files in the folder add up to more than the 20000-byte limit.", folderBytes.Reason);
        Assert.StartsWith("The file is ", fileBytes.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Input_too_large_a_volume_beyond_the_voxel_limit()
    {
        var options = StudyValidationOptions.Default with { Volume = new VolumeBuildOptions { MaxVoxels = 10_000 } };

        var rejection = AssertRejected(await ValidateAsync(new SyntheticSeries(), options), RejectionCodes.InputTooLarge);

        Assert.Equal("The chosen series (series 1 of 1) cannot become a volume: the volume would be 32 x 32 x 16 = 16384 voxels, more than the 10000-voxel limit.", rejection.Reason);
    }

    [Fact]
    public async Task Unreadable_archive_a_zip_that_is_not_one()
    {
        string path = Path.Combine(_folder, "study.zip");
        await File.WriteAllTextAsync(path, "PK but not really a zip archive at all", Token);

        var rejection = AssertRejected(await ValidateAsync(path), RejectionCodes.UnreadableArchive);

        Assert.Equal("The input is not a readable zip archive.", rejection.Reason);
    }

    [Fact]
    public async Task A_path_that_does_not_exist_is_not_a_study()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => StudyInput.OpenAsync(Path.Combine(_folder, "absent"), cancellationToken: Token));

        Assert.Equal("the input is neither a folder nor a file", error.Message);
    }

    [Fact]
    public void Every_code_is_documented_in_the_architecture_table()
    {
        string doc = File.ReadAllText(Path.Combine(Hem.Testing.RepositoryPaths.Root, "docs", "ARCHITECTURE.md"));
        string section = doc[doc.IndexOf("## Study validation", StringComparison.Ordinal)..];

        foreach (string code in RejectionCodes.All)
        {
            Assert.Contains($"| `{code}` |", section, StringComparison.Ordinal);
        }

        Assert.Equal(RejectionCodes.All.Count, RejectionCodes.All.Distinct().Count());
    }
}
