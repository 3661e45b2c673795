using Hem.Dicom.Pixels;

namespace Hem.Dicom.Tests;

public sealed class DicomReaderTests
{
    private static Task<DicomFile> ReadAsync(string relative) =>
        DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);

    [Theory]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("ct/CT1_UNC.implicit_little_endian.dcm", "1.2.840.10008.1.2")]
    [InlineData("ct/CT1_UNC.explicit_big_endian.dcm", "1.2.840.10008.1.2.2")]
    public async Task The_same_image_in_three_encodings_reads_to_the_same_attributes_and_pixels(string relative, string syntax)
    {
        var reference = await ReadAsync("ct/CT1_UNC.explicit_little_endian.dcm");
        var file = await ReadAsync(relative);

        Assert.Equal(syntax, file.TransferSyntax.Uid);
        var description = PixelDescription.Read(file.Dataset);
        Assert.Equal(PixelDescription.Read(reference.Dataset), description);
        Assert.Equal(reference.Dataset.GetString(new DicomTag(0x0008, 0x0018)), file.Dataset.GetString(new DicomTag(0x0008, 0x0018)));
        var expected = ((DicomValueElement)reference.Dataset[DicomTag.PixelData]!).Bytes.ToArray();
        Assert.Equal(expected, ((DicomValueElement)file.Dataset[DicomTag.PixelData]!).Bytes.ToArray());
    }

    [Fact]
    public async Task The_100000_deep_nesting_fails_cleanly_instead_of_overflowing_the_stack()
    {
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => ReadAsync("quirks/orthanc_Deeply_Nested_Sequence_100000.dcm"));

        Assert.Contains("nested deeper than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deeply_nested_file_parses_when_the_depth_limit_allows_it_without_recursion()
    {
        var file = await DicomReader.ReadFileAsync(
            Fixtures.Path("quirks/orthanc_Deeply_Nested_Sequence_100000.dcm"),
            new DicomReadOptions { MaxSequenceDepth = 200_000 },
            TestContext.Current.CancellationToken);

        int depth = 0;
        var dataset = file.Dataset;
        while (dataset.Elements.OfType<DicomSequence>().FirstOrDefault() is { Items.Count: > 0 } sequence)
        {
            dataset = sequence.Items[0];
            depth++;
        }

        Assert.True(depth >= 100_000, $"depth {depth}");
    }

    [Fact]
    public async Task Of_two_file_meta_groups_the_first_wins()
    {
        var file = await ReadAsync("quirks/fodicom_GH1376.dcm");

        Assert.Equal("1.2.840.10008.1.2.4.70", file.TransferSyntax.Uid);
        Assert.Equal("1.2.276.0.7230010.3.1.4.179323509.3752.1650620218.77", file.FileMetaInformation.GetString(new DicomTag(0x0002, 0x0003)));
        Assert.DoesNotContain(file.Dataset.Elements, e => e.Tag.IsFileMeta);
        Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTag.PixelData]);
    }

    [Theory]
    [InlineData("quirks/pydicom_ExplVR_BigEndNoMeta.dcm", "1.2.840.10008.1.2.2")]
    [InlineData("quirks/pydicom_ExplVR_LitEndNoMeta.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("ct/pydicom_no_meta_CT_small.dcm", "1.2.840.10008.1.2.1")]
    [InlineData("ts/orthanc_MR-MONO2-12-an2_implicit_no_meta.dcm", "1.2.840.10008.1.2")]
    public async Task Bare_datasets_without_preamble_or_meta_are_read_by_inferring_the_encoding(string relative, string syntax)
    {
        var file = await ReadAsync(relative);

        Assert.Equal(0, file.FileMetaInformation.Count);
        Assert.Equal(syntax, file.TransferSyntax.Uid);
        Assert.True(file.Dataset.Count > 0);
    }

    [Fact]
    public async Task A_CP246_UN_sequence_of_undefined_length_is_read_as_an_implicit_little_endian_sequence()
    {
        var file = await ReadAsync("quirks/orthanc_MalaterreCP246_jls_UN.dcm");

        var sequences = file.Dataset.Elements.OfType<DicomSequence>().ToList();
        Assert.NotEmpty(sequences);
        Assert.All(sequences, s => Assert.NotEmpty(s.Items));
    }

    [Fact]
    public async Task Deflated_explicit_little_endian_is_inflated()
    {
        var file = await ReadAsync("ts/pydicom_image_dfl.dcm");

        Assert.True(file.TransferSyntax.Deflated);
        var description = PixelDescription.Read(file.Dataset);
        Assert.True(description.Rows > 0);
    }

    [Fact]
    public async Task A_deflate_bomb_beyond_the_limit_is_refused()
    {
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomReader.ReadFileAsync(
            Fixtures.Path("ts/pydicom_image_dfl.dcm"), new DicomReadOptions { MaxInflatedBytes = 1024 }, TestContext.Current.CancellationToken));

        Assert.Contains("inflates beyond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_in_ISO_IR_192_is_decoded_as_UTF8_and_ISO_IR_100_as_Latin1()
    {
        var utf8 = new DicomDataset();
        utf8.SetString(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 192");
        utf8.Set(new DicomValueElement(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Wang^XiaoDong=王^小東"u8.ToArray()));
        Assert.Equal("Wang^XiaoDong=王^小東", utf8.GetString(new DicomTag(0x0010, 0x0010)));

        var latin1 = new DicomDataset();
        latin1.SetString(new DicomTag(0x0008, 0x0005), DicomVR.CS, "ISO_IR 100");
        latin1.Set(new DicomValueElement(new DicomTag(0x0010, 0x0010), DicomVR.PN, new byte[] { 0x42, 0x75, 0x63, 0x5E, 0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65 }));
        Assert.Equal("Buc^Jérôme", latin1.GetString(new DicomTag(0x0010, 0x0010)));

        var item = new DicomDataset(latin1);
        item.Set(new DicomValueElement(new DicomTag(0x0010, 0x0010), DicomVR.PN, new byte[] { 0xE9 }));
        Assert.Equal("é", item.GetString(new DicomTag(0x0010, 0x0010)));
    }

    [Fact]
    public void A_length_beyond_the_data_is_a_format_error_not_an_allocation()
    {
        // (0010,0010) PN with a 0xFFFE length in an explicit little endian bare dataset of 12 bytes.
        byte[] bytes = [0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 0xFE, 0xFF, 0x41, 0x42, 0x43, 0x44];

        var error = Assert.Throws<DicomFormatException>(() => DicomReader.Read(bytes));

        Assert.Contains("declares 65534 bytes", error.Message, StringComparison.Ordinal);
    }
}
