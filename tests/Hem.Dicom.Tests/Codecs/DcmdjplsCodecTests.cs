using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.External;
using Hem.Testing;

namespace Hem.Dicom.Tests.Codecs;

/// <summary>JPEG-LS through DCMTK dcmdjpls.</summary>
public sealed class DcmdjplsCodecTests
{
    private static PixelDecoder JpegLsOnly() =>
        new([ExternalToolFrameDecoderFactory.Dcmdjpls(ExternalTool.Require(ExternalToolFrameDecoderFactory.DcmdjplsTool, "apt-get install dcmtk"))]);

    [Theory]
    [InlineData("ct/CT1_JLS_fragmented_bot.dcm", "ct/CT1_UNC.explicit_little_endian.dcm")]
    [InlineData("ct/CT1_JLS_single_fragment_no_bot.dcm", "ct/CT1_UNC.explicit_little_endian.dcm")]
    [InlineData("multiframe/CT0012.fragmented_no_bot_jpeg_ls.80.dcm", "multiframe/CT0012.explicit_little_endian.dcm")]
    [InlineData("multiframe/CT0012.not_fragmented_bot_jpeg_ls.80.dcm", "multiframe/CT0012.explicit_little_endian.dcm")]
    [InlineData("ts/pydicom_MR_small_jpeg_ls_lossless.dcm", "ts/pydicom_MR_small.dcm")]
    public async Task Lossless_JPEG_LS_decodes_to_exactly_the_pixels_of_its_uncompressed_sibling(string compressed, string reference)
    {
        // CT0012 fragmented without offset table is the file GDCM gets wrong without an error.
        var expected = await DecodedImage.ReadAsync(reference);

        var actual = await DecodedImage.ReadAsync(compressed, JpegLsOnly());

        PixelAssert.Equal(expected, actual);
    }

    [Fact]
    public async Task Near_lossless_JPEG_LS_stays_within_its_error_bound_of_the_uncompressed_sibling()
    {
        var expected = await DecodedImage.ReadAsync("multiframe/CT0012.explicit_little_endian.dcm");

        var actual = await DecodedImage.ReadAsync("multiframe/CT0012.fragmented_no_bot_jpeg_ls.81.dcm", JpegLsOnly());

        PixelAssert.Within(expected, actual, 2);
    }

    [Theory]
    [InlineData("ct/orthanc_CT2_JLSN.dcm")]
    [InlineData("ts/pydicom_JPEGLSNearLossless_16.dcm")]
    [InlineData("ts/pydicom_JLSL_16_15_1_1F.dcm")]
    [InlineData("quirks/orthanc_MalaterreCP246_jls_UN.dcm")]
    public async Task Single_frame_JPEG_LS_without_a_sibling_decodes_like_GDCM(string relative)
    {
        // GDCM is only wrong for fragmented multi-frame JPEG-LS, so it is an independent check for single frames.
        // pydicom_JLSL_16_15_1_1F is signed with 15 bits stored: both sides sign-extend from bit 14.
        var expected = await DecodedImage.DecodeWithToolAsync("gdcmconv", ["--raw"], relative);

        var actual = await DecodedImage.ReadAsync(relative, JpegLsOnly());

        PixelAssert.Equal(expected, actual);
    }

    [Fact]
    public async Task Seven_bit_JPEG_LS_that_DCMTK_cannot_decode_is_a_format_error_naming_the_tool()
    {
        // DCMTK 3.6.7 rejects this file (the fixture notes say so); the error says which tool and why, not what is in the file.
        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DecodedImage.ReadAsync("ts/pydicom_JLSL_08_07_0_1F.dcm", JpegLsOnly()));

        Assert.StartsWith("dcmdjpls could not decode the JPEG-LS Lossless Image Compression pixel data (exit code", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_decoder_routes_JPEG_LS_to_dcmdjpls()
    {
        ExternalTool.Require(ExternalToolFrameDecoderFactory.DcmdjplsTool, "apt-get install dcmtk");
        var expected = await DecodedImage.ReadAsync("ts/pydicom_MR_small.dcm");

        var actual = await DecodedImage.ReadAsync("ts/pydicom_MR_small_jpeg_ls_lossless.dcm");

        PixelAssert.Equal(expected, actual);
    }
}
