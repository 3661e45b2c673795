using System.Buffers.Binary;
using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.Rle;

namespace Hem.Dicom.Tests.Codecs;

public sealed class RleCodecTests
{
    /// <summary>2 x 4, 16-bit signed: 258 258 258 -1 / -32768 1 32767 0.</summary>
    private static readonly PixelDescription Signed16 = new(2, 4, 1, 16, 16, 15, 1, 0, "MONOCHROME2", 1);

    /// <summary>
    /// Hand-computed: high bytes 01 01 01 FF 80 00 7F 00 = replicate 3 x 01 (FE 01), literal of 5 (04 FF 80 00 7F 00);
    /// low bytes 02 02 02 FF 00 01 FF 00 = FE 02, 04 FF 00 01 FF 00. Header: 2 segments at 64 and 72.
    /// </summary>
    private static byte[] HandBuiltFrame()
    {
        byte[] frame = new byte[80];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, 2);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), 64);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), 72);
        byte[] segments = [0xFE, 0x01, 0x04, 0xFF, 0x80, 0x00, 0x7F, 0x00, 0xFE, 0x02, 0x04, 0xFF, 0x00, 0x01, 0xFF, 0x00];
        segments.CopyTo(frame, 64);
        return frame;
    }

    private static RleFrameDecoder Decoder(PixelDescription description, params byte[][] frames)
    {
        var pixels = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
        return new RleFrameDecoder(description, EncapsulatedFrames.Locate(pixels, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, description.NumberOfFrames, DicomTransferSyntax.RleLossless));
    }

    private static int[] Decode(PixelDescription description, byte[] frame)
    {
        int[] values = new int[description.ValuesPerFrame];
        Decoder(description, frame).DecodeFrame(0, values);
        return values;
    }

    [Fact]
    public void A_hand_computed_two_segment_frame_decodes_most_significant_byte_first_and_sign_extends()
    {
        Assert.Equal([258, 258, 258, -1, -32768, 1, 32767, 0], Decode(Signed16, HandBuiltFrame()));
    }

    [Fact]
    public void The_same_bits_unsigned_with_12_bits_stored_are_masked()
    {
        var description = Signed16 with { PixelRepresentation = 0, BitsStored = 12, HighBit = 11 };

        Assert.Equal([258, 258, 258, 4095, 0, 1, 4095, 0], Decode(description, HandBuiltFrame()));
    }

    [Fact]
    public void PackBits_runs_literals_and_the_no_op_header_and_stops_when_the_image_is_full()
    {
        byte[] output = new byte[6];

        // -128 is skipped, 2 literals, a replicate run of 5 that spills past the 6-byte image.
        int written = PackBits.Decode([0x80, 0x01, 0xAA, 0xBB, 0xFC, 0xCC, 0x00], output);

        Assert.Equal(6, written);
        Assert.Equal([0xAA, 0xBB, 0xCC, 0xCC, 0xCC, 0xCC], output);
    }

    [Fact]
    public void PackBits_reports_a_short_segment_without_reading_past_it()
    {
        byte[] output = new byte[8];

        Assert.Equal(2, PackBits.Decode([0x03, 0x01, 0x02], output));
        Assert.Equal(0, PackBits.Decode([0xFD], output));
    }

    [Theory]
    [InlineData(0, 3u, "declares 3 segments")]
    [InlineData(4, 63u, "segment 0 spans bytes 63")]
    [InlineData(4, 2000u, "segment 0 spans bytes 2000")]
    [InlineData(8, 60u, "segment 0 spans bytes 64 to 60")]
    [InlineData(8, 0xFFFFFFFFu, "segment 0 spans bytes 64 to 4294967295")]
    [InlineData(8, 70u, "segment 0 decodes to 6 bytes")]
    public void A_lying_RLE_header_is_a_format_error(int field, uint value, string message)
    {
        byte[] frame = HandBuiltFrame();
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(field), value);

        var error = Assert.Throws<DicomFormatException>(() => Decode(Signed16, frame));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_shorter_than_the_header_or_with_a_truncated_segment_is_a_format_error()
    {
        Assert.Throws<DicomFormatException>(() => Decode(Signed16, HandBuiltFrame()[..40]));
        Assert.Throws<DicomFormatException>(() => Decode(Signed16, HandBuiltFrame()[..77]));
    }

    [Fact]
    public void Fragment_and_frame_counts_that_disagree_are_a_format_error()
    {
        Assert.Throws<DicomFormatException>(() => Decoder(Signed16 with { NumberOfFrames = 2 }, HandBuiltFrame(), HandBuiltFrame(), HandBuiltFrame()));
    }

    [Theory]
    [InlineData("ct/CT1_RLE_FRAGS.dcm", "ct/CT1_UNC.explicit_little_endian.dcm")]
    [InlineData("multiframe/CT0012.not_fragmented_bot_rle.dcm", "multiframe/CT0012.explicit_little_endian.dcm")]
    [InlineData("multiframe/CT0012.not_fragmented_no_bot_rle.dcm", "multiframe/CT0012.explicit_little_endian.dcm")]
    [InlineData("ts/pydicom_MR_small_RLE.dcm", "ts/pydicom_MR_small.dcm")]
    public async Task An_RLE_fixture_decodes_to_exactly_the_pixels_of_its_uncompressed_sibling(string compressed, string reference)
    {
        var expected = await DecodedImage.ReadAsync(reference);

        var actual = await DecodedImage.ReadAsync(compressed);

        PixelAssert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("ts/pydicom_SC_rgb_rle.dcm")]
    [InlineData("ts/pydicom_SC_rgb_rle_16bit.dcm")]
    [InlineData("ct/CT1_RLE_FRAGS.dcm")]
    public async Task An_RLE_fixture_decodes_like_DCMTK_dcmdrle(string relative)
    {
        // No uncompressed sibling exists for the RGB files: DCMTK decodes them at test time instead.
        var expected = await DecodedImage.DecodeWithToolAsync("dcmdrle", [], relative);

        var actual = await DecodedImage.ReadAsync(relative);

        PixelAssert.Equal(expected, actual);
    }

    [Fact]
    public async Task One_bit_RLE_segmentation_frames_equal_the_bit_packed_original()
    {
        // DCMTK, GDCM and pydicom 2.3 all refuse 1-bit RLE; the fixture notes the expected frames are dcmqi's.
        var expected = await DecodedImage.ReadAsync("seg/dcmqi_liver_seg.dcm");

        var actual = await DecodedImage.ReadAsync("seg/pydicom_liver_rle_seg.dcm");

        PixelAssert.Equal(expected, actual);
    }
}
