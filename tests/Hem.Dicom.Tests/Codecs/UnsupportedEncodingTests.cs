using Hem.Dicom.Pixels;

namespace Hem.Dicom.Tests.Codecs;

/// <summary>Encodings nothing here decodes are refused with the standard "unsupported transfer syntax" error.</summary>
public sealed class UnsupportedEncodingTests
{
    [Theory]
    [InlineData("ts/pydicom_HTJ2K_08_RGB.dcm", "unsupported transfer syntax 1.2.840.10008.1.2.4.203 (High-Throughput JPEG 2000 Image Compression)")]
    [InlineData("seg/pydicom_liver_deflate_seg.dcm", "unsupported transfer syntax 1.2.840.10008.1.2.8.1 (Deflated Image Frame Compression)")]
    public async Task Fixtures_in_syntaxes_without_a_decoder_are_refused(string relative, string message)
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DicomUnsupportedException>(() => PixelDecoder.CreateDefault().OpenAsync(file, TestContext.Current.CancellationToken));

        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)")]
    [InlineData("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)")]
    [InlineData("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)")]
    [InlineData("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1")]
    [InlineData("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1")]
    [InlineData("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level")]
    [InlineData("1.2.3.4.5.6", "unknown transfer syntax")]
    public async Task Encapsulated_syntaxes_without_a_decoder_are_refused_naming_the_UID(string uid, string name)
    {
        var dataset = new DicomDataset();
        dataset.SetUInt16(PixelDescription.RowsTag, 2);
        dataset.SetUInt16(PixelDescription.ColumnsTag, 2);
        dataset.SetUInt16(PixelDescription.BitsAllocatedTag, 8);
        dataset.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [new byte[] { 0, 0, 0, 1 }]));
        var file = new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.FromUid(uid));

        var error = await Assert.ThrowsAsync<DicomUnsupportedException>(() => PixelDecoder.CreateDefault().OpenAsync(file, TestContext.Current.CancellationToken));

        Assert.Equal($"unsupported transfer syntax {uid} ({name})", error.Message);
    }

    [Fact]
    public async Task Elscint_private_compression_is_refused_as_unsupported_saying_where_the_pixels_are()
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path("ct/orthanc_ELSCINT1_PMSCT_RLE1_private_compression.dcm"), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DicomUnsupportedException>(() => PixelDecoder.CreateDefault().OpenAsync(file, TestContext.Current.CancellationToken));

        Assert.Equal(
            "unsupported pixel data: Elscint private compression PMSCT_RLE1 (named in (07A1,1011), pixels in (07A1,100A)) under transfer syntax 1.2.840.10008.1.2.1 (Explicit VR Little Endian); no decoder reads it",
            error.Message);
    }

    [Fact]
    public async Task Twelve_bits_allocated_is_refused_as_unsupported()
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path("quirks/fodicom_GH340.dcm"), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<DicomUnsupportedException>(() => PixelDecoder.CreateDefault().OpenAsync(file, TestContext.Current.CancellationToken));

        Assert.Contains("BitsAllocated 12", error.Message, StringComparison.Ordinal);
    }
}
