using Hem.Dicom.Segmentation;

namespace Hem.Dicom.Tests.Segmentation;

/// <summary>Bit packing for Bits Allocated 1 (PS3.5 8.1.1) against bytes worked out by hand.</summary>
public sealed class PackedBitFramesTests
{
    [Fact]
    public void The_first_pixel_is_the_least_significant_bit()
    {
        byte[] packed = PackedBitFrames.Pack(8, [new byte[] { 1, 0, 0, 0, 0, 0, 0, 0 }, new byte[] { 0, 1, 0, 1, 0, 0, 0, 1 }]);

        // Frame 1: bit 0 -> 0x01. Frame 2: bits 1, 3, 7 -> 0x02 + 0x08 + 0x80 = 0x8A.
        Assert.Equal(new byte[] { 0x01, 0x8A }, packed);
    }

    [Fact]
    public void Frames_of_nine_pixels_follow_each_other_without_padding_between_them()
    {
        byte[] diagonal = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        byte[] topRowAndCorner = [1, 1, 1, 0, 0, 0, 0, 0, 1];

        byte[] packed = PackedBitFrames.Pack(9, [diagonal, topRowAndCorner]);

        // Bits set: 0, 4, 8 (first frame) and 9, 10, 11, 17 (second frame starts at bit 9, inside byte 1).
        // Byte 0: bits 0 and 4 -> 0x11. Byte 1: bits 8-11 -> 0x0F. Byte 2: bit 17 = bit 1 -> 0x02. 18 bits -> 3 bytes.
        Assert.Equal(new byte[] { 0x11, 0x0F, 0x02 }, packed);
    }

    [Fact]
    public void Thirty_five_pixel_frames_of_the_read_back_case_pack_into_nine_bytes()
    {
        byte[] first = new byte[35];
        byte[] second = new byte[35];
        first[34] = 1;
        second[0] = 1;
        second[34] = 1;

        byte[] packed = PackedBitFrames.Pack(35, [first, second]);

        // Bits 34, 35 and 69: byte 4 holds bits 32-39 (bits 2 and 3 -> 0x0C); byte 8 holds bit 69 as bit 5 (0x20).
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x0C, 0, 0, 0, 0x20 }, packed);
    }

    [Fact]
    public void A_frame_of_another_length_is_refused()
    {
        Assert.Throws<ArgumentException>(() => PackedBitFrames.Pack(4, [new byte[4], new byte[5]]));
    }
}
