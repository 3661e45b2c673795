using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.External;
using Hem.Testing;

namespace Hem.Dicom.Tests.Codecs;

/// <summary>JPEG 2000 through GDCM gdcmconv --raw.</summary>
public sealed class GdcmconvCodecTests
{
    private static PixelDecoder Jpeg2000Only() =>
        new([ExternalToolFrameDecoderFactory.Gdcmconv(ExternalTool.Require(ExternalToolFrameDecoderFactory.GdcmconvTool, "apt-get install libgdcm-tools"))]);

    [Fact]
    public async Task Lossless_JPEG_2000_decodes_to_exactly_the_pixels_of_its_uncompressed_sibling()
    {
        var expected = await DecodedImage.ReadAsync("ts/pydicom_MR_small.dcm");

        var actual = await DecodedImage.ReadAsync("ts/pydicom_MR_small_jp2klossless.dcm", Jpeg2000Only());

        PixelAssert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("ts/orthanc_NM1_J2KR.dcm")]
    [InlineData("ct/CT1_J2KI.dcm")]
    [InlineData("ct/pydicom_693_J2KI.dcm")]
    [InlineData("ct/pydicom_J2K_pixelrep_mismatch.dcm")]
    [InlineData("ts/pydicom_JPEG2000.dcm")]
    [InlineData("quirks/pydicom_explicit_VR-UN.dcm")]
    public async Task JPEG_2000_decodes_exactly_like_OpenJPEG_through_pydicom_and_Pillow(string relative)
    {
        // An independent decode of the same codestream (Pillow's OpenJPEG, pydicom's handling of signedness and
        // BitsStored); lossy or not, the decompressed samples are defined by the codestream, so they must be equal.
        // pydicom_J2K_pixelrep_mismatch has an unsigned codestream but PixelRepresentation 1: stored values are
        // signed (-2000..1896), as Pillow and GDCM's library decode agree.
        var expected = await DecodeWithPillowAsync(relative);

        var actual = await DecodedImage.ReadAsync(relative, Jpeg2000Only());

        Assert.Equal(expected.Length, actual.Values.Length);
        PixelAssert.Equal(new DecodedImage(actual.Description, expected), actual);
    }

    [Fact]
    public async Task A_JP2_wrapped_RCT_colour_image_comes_out_as_RGB()
    {
        // Pillow cannot read this non-conformant JP2 header; GDCM can. The inverse colour transform is part of the
        // JPEG 2000 decode, so the photometric interpretation becomes RGB.
        var actual = await DecodedImage.ReadAsync("quirks/pydicom_GDCMJ2K_TextGBR.dcm", Jpeg2000Only());

        Assert.Equal("RGB", actual.Description.PhotometricInterpretation);
        Assert.Equal(400 * 400 * 3, actual.Values.Length);
        Assert.True(actual.Values.Distinct().Count() > 2);
    }

    [Fact]
    public async Task The_default_decoder_routes_JPEG_2000_to_gdcmconv()
    {
        ExternalTool.Require(ExternalToolFrameDecoderFactory.GdcmconvTool, "apt-get install libgdcm-tools");
        var expected = await DecodedImage.ReadAsync("ts/pydicom_MR_small.dcm");

        var actual = await DecodedImage.ReadAsync("ts/pydicom_MR_small_jp2klossless.dcm");

        PixelAssert.Equal(expected, actual);
    }

    private static async Task<int[]> DecodeWithPillowAsync(string relative)
    {
        string python = ExternalTool.RequirePython("pydicom", "numpy", "PIL");
        string script = Path.Combine(AppContext.BaseDirectory, "Scripts", "decode_with_pillow.py");
        string folder = Directory.CreateTempSubdirectory("hem-codec-test-").FullName;
        try
        {
            string output = Path.Combine(folder, "pixels.raw");
            var result = await ExternalTool.RunAsync(python, [script, Fixtures.Path(relative), output], TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0, $"pydicom/Pillow could not decode {relative}: {result.StandardError}");
            byte[] raw = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
            int[] values = new int[raw.Length / 4];
            Buffer.BlockCopy(raw, 0, values, 0, values.Length * 4);
            return values;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
