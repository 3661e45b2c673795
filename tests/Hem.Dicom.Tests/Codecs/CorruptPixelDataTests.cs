using System.Globalization;
using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.External;
using Hem.Testing;

namespace Hem.Dicom.Tests.Codecs;

/// <summary>
/// Damaged compressed pixel data gives <see cref="DicomFormatException"/> (or decodes), never another exception
/// type and never a hang: the real corrupt fixtures, and the first frame of real RLE and JPEG fixtures truncated
/// at many lengths or with bytes overwritten.
/// </summary>
public sealed class CorruptPixelDataTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("corrupt/pydicom_emri_small_jpeg_2k_lossless_too_short.dcm")]
    [InlineData("corrupt/fodicom_GH1339_missing_seq_delimiter.dcm")]
    public async Task Truncated_encapsulated_pixel_data_is_a_format_error(string relative)
    {
        await Assert.ThrowsAnyAsync<DicomFormatException>(() => DecodedImage.ReadAsync(relative));
    }

    [Fact]
    public async Task A_JPEG_2000_codestream_broken_by_an_embedded_delimiter_is_a_format_error()
    {
        // The fragment lengths are right but the codestream inside is not valid: gdcmconv fails, and says so.
        var decoder = new PixelDecoder([ExternalToolFrameDecoderFactory.Gdcmconv(ExternalTool.Require(ExternalToolFrameDecoderFactory.GdcmconvTool, "apt-get install libgdcm-tools"))]);

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DecodedImage.ReadAsync("corrupt/pydicom_JPEG2000-embedded-sequence-delimiter.dcm", decoder));

        Assert.StartsWith("gdcmconv could not decode", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> InProcessFixtures() =>
    [
        "ts/pydicom_MR_small_RLE.dcm",
        "ts/pydicom_SC_rgb_rle_16bit.dcm",
        "multiframe/CT0012.not_fragmented_bot_rle.dcm",
        "ct/orthanc_CT-MONO2-16-chest_jpeg_lossless_sv1.dcm",
        "multiframe/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm",
        "ts/pydicom_SC_rgb_jpeg_dcmtk.dcm",
        "ts/orthanc_US_jpeg_baseline_ybr422.dcm",
        "ts/orthanc_MR_toshiba_jpeg_extended_12bit.dcm",
        "multiframe/fodicom_multiframe_140f_jpeg_bot.dcm",
    ];

    [Theory]
    [MemberData(nameof(InProcessFixtures))]
    public async Task A_damaged_first_frame_fails_only_with_a_format_error(string relative)
    {
        var original = await DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);
        var frames = EncapsulatedFrames.Locate(original.Dataset, PixelDescription.Read(original.Dataset).NumberOfFrames, original.TransferSyntax);
        byte[] frame = frames.GetFrame(0).ToArray();
        var decoder = PixelDecoder.CreateDefault();
        var decodedTruncations = new List<string>();
        foreach (var (name, damaged) in Variants(frame))
        {
            var file = await DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);
            file.Dataset.SetString(PixelDescription.NumberOfFramesTag, DicomVR.IS, "1");
            file.Dataset.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [damaged]));
            try
            {
                await Task.Run(async () => DecodedImage.From(await decoder.OpenAsync(file, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken)
                    .WaitAsync(Limit, TestContext.Current.CancellationToken);
                if (name.StartsWith("truncated", StringComparison.Ordinal))
                {
                    decodedTruncations.Add(name);
                }
            }
            catch (DicomFormatException)
            {
                // The expected refusal.
            }
            catch (Exception ex) when (ex is not TimeoutException)
            {
                Assert.Fail($"{relative} {name}: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }

        // Overwritten entropy-coded bytes may still decode (to wrong pixels): that is the codec's nature. A frame
        // cut short must not: the missing data is detected.
        Assert.True(decodedTruncations.Count == 0, $"{relative}: {string.Join(", ", decodedTruncations)} decoded without error");
    }

    /// <summary>Truncations at many lengths, and bytes overwritten with 0x00, 0xFF and marker-like values across the frame.</summary>
    private static IEnumerable<(string Name, byte[] Bytes)> Variants(byte[] frame)
    {
        int[] lengths = [0, 1, 2, 3, 4, 10, 20, 40, 63, 64, 65, 100, 300, frame.Length / 4, frame.Length / 2, frame.Length - 100, frame.Length - 3];
        foreach (int length in lengths.Where(l => l >= 0 && l < frame.Length).Distinct())
        {
            yield return (string.Create(CultureInfo.InvariantCulture, $"truncated to {length}"), frame[..length]);
        }

        // The last byte is fragment padding or the second byte of the EOI marker: without it the image may decode.
        yield return ("last byte dropped", frame[..^1]);

        byte[] values = [0x00, 0xFF, 0xD9, 0x7F];
        for (int step = 0; step < 40; step++)
        {
            int at = (int)((long)frame.Length * step / 40);
            byte value = values[step % values.Length];
            byte[] damaged = (byte[])frame.Clone();
            for (int k = at; k < Math.Min(damaged.Length, at + 1 + (step % 5)); k++)
            {
                damaged[k] = value;
            }

            yield return (string.Create(CultureInfo.InvariantCulture, $"bytes {at}+ set to {value:X2}"), damaged);
        }
    }
}
