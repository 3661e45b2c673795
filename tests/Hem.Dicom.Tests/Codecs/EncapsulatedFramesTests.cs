using System.Buffers.Binary;
using Hem.Dicom.Pixels;

namespace Hem.Dicom.Tests.Codecs;

public sealed class EncapsulatedFramesTests
{
    private static readonly DicomTransferSyntax Jpeg = DicomTransferSyntax.JpegLossless;

    private static DicomFragmentSequence Fragments(byte[] offsetTable, params byte[][] fragments) =>
        new(DicomTag.PixelData, DicomVR.OB, offsetTable, [.. fragments.Select(f => (ReadOnlyMemory<byte>)f)]);

    private static byte[] Table(params uint[] offsets)
    {
        byte[] bytes = new byte[offsets.Length * 4];
        for (int i = 0; i < offsets.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), offsets[i]);
        }

        return bytes;
    }

    private static byte[] Table64(params ulong[] values)
    {
        byte[] bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return bytes;
    }

    private static EncapsulatedFrames Locate(DicomFragmentSequence pixels, int frames, byte[]? extended = null, byte[]? lengths = null) =>
        EncapsulatedFrames.Locate(pixels, extended ?? [], lengths ?? [], frames, Jpeg);

    [Fact]
    public void The_basic_offset_table_counts_from_the_first_fragment_item_tag_including_item_headers()
    {
        // Frame 0 = fragments of 4 and 2 bytes (8 + 4 + 8 + 2 = 22 bytes of items), frame 1 starts at offset 22.
        var pixels = Fragments(Table(0, 22), [1, 2, 3, 4], [5, 6], [7, 8, 9, 10]);

        var frames = Locate(pixels, 2);

        Assert.Equal([1, 2, 3, 4, 5, 6], frames.GetFrame(0).ToArray());
        Assert.Equal([7, 8, 9, 10], frames.GetFrame(1).ToArray());
    }

    [Theory]
    [InlineData(new uint[] { 0, 20 }, "does not point at the start of a fragment")]
    [InlineData(new uint[] { 0, 5000 }, "does not point at the start of a fragment")]
    [InlineData(new uint[] { 12, 0 }, "does not follow entry 0")]
    [InlineData(new uint[] { 12, 24 }, "first frame must start at the first fragment")]
    [InlineData(new uint[] { 0 }, "lists 1 frames but Number of Frames is 2")]
    public void An_offset_table_that_does_not_match_the_fragments_is_a_format_error(uint[] offsets, string message)
    {
        var pixels = Fragments(Table(offsets), [1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]);

        var error = Assert.Throws<DicomFormatException>(() => Locate(pixels, 2));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_basic_offset_table_of_odd_length_is_a_format_error()
    {
        var pixels = Fragments([0, 0, 0], [1, 2]);

        Assert.Throws<DicomFormatException>(() => Locate(pixels, 1));
    }

    [Fact]
    public void The_extended_offset_table_names_one_fragment_per_frame_and_its_length_drops_padding()
    {
        var pixels = Fragments([], [1, 2, 3, 0], [4, 5, 6, 7]);

        var frames = Locate(pixels, 2, Table64(0, 12), Table64(3, 4));

        Assert.Equal([1, 2, 3], frames.GetFrame(0).ToArray());
        Assert.Equal([4, 5, 6, 7], frames.GetFrame(1).ToArray());
    }

    [Fact]
    public void An_extended_offset_table_length_beyond_its_fragment_is_a_format_error()
    {
        var pixels = Fragments([], [1, 2, 3, 0], [4, 5, 6, 7]);

        Assert.Throws<DicomFormatException>(() => Locate(pixels, 2, Table64(0, 12), Table64(3, 9)));
        Assert.Throws<DicomFormatException>(() => Locate(pixels, 2, Table64(0, ulong.MaxValue), Table64(3, 4)));
        Assert.Throws<DicomFormatException>(() => Locate(pixels, 2, Table64(0, 12), Table64(3)));
    }

    [Fact]
    public void Without_a_table_one_fragment_per_frame_is_taken_as_is()
    {
        var frames = Locate(Fragments([], [1], [2], [3]), 3);

        Assert.Equal([3], frames.GetFrame(2).ToArray());
    }

    [Fact]
    public void A_single_frame_joins_all_its_fragments()
    {
        var frames = Locate(Fragments([], [0xFF, 0xD8, 0xFF], [0xD8, 0xFF], [9]), 1);

        Assert.Equal([0xFF, 0xD8, 0xFF, 0xD8, 0xFF, 9], frames.GetFrame(0).ToArray());
    }

    [Fact]
    public void Without_a_table_frames_split_where_a_fragment_begins_a_codestream()
    {
        byte[] soi = [0xFF, 0xD8, 0xFF, 0xE0];
        var frames = Locate(Fragments([], soi, [1, 2], soi, [3], [4]), 2);

        Assert.Equal([.. soi, 1, 2], frames.GetFrame(0).ToArray());
        Assert.Equal([.. soi, 3, 4], frames.GetFrame(1).ToArray());
    }

    [Fact]
    public void JPEG_2000_frames_split_at_SOC_SIZ()
    {
        byte[] soc = [0xFF, 0x4F, 0xFF, 0x51];
        var frames = EncapsulatedFrames.Locate(Fragments([], soc, [1], soc, [2], [3]), ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 2, DicomTransferSyntax.Jpeg2000);

        Assert.Equal([.. soc, 2, 3], frames.GetFrame(1).ToArray());
    }

    [Fact]
    public void When_codestream_starts_do_not_match_the_frame_count_it_is_a_format_error()
    {
        byte[] soi = [0xFF, 0xD8, 0xFF, 0xE0];

        Assert.Throws<DicomFormatException>(() => Locate(Fragments([], soi, [1], [2]), 2));
        Assert.Throws<DicomFormatException>(() => Locate(Fragments([], [1], soi, [2]), 2));
        Assert.Throws<DicomFormatException>(() => EncapsulatedFrames.Locate(Fragments([], [1], [2], [3]), ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, 2, DicomTransferSyntax.RleLossless));
    }

    [Fact]
    public void Encapsulated_pixel_data_without_fragments_is_a_format_error()
    {
        Assert.Throws<DicomFormatException>(() => Locate(Fragments([]), 1));
    }

    [Fact]
    public async Task The_frames_of_a_fragmented_multiframe_fixture_without_offset_table_are_found_from_JPEG_markers()
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path("multiframe/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm"), cancellationToken: TestContext.Current.CancellationToken);

        var frames = EncapsulatedFrames.Locate(file.Dataset, 2, file.TransferSyntax);

        Assert.Equal(2, frames.Count);
        Assert.All(Enumerable.Range(0, 2), i => Assert.True(frames.GetFrame(i).Span.StartsWith(new byte[] { 0xFF, 0xD8 })));
    }
}
