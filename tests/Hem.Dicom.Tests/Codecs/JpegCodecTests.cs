using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.Jpeg;

namespace Hem.Dicom.Tests.Codecs;

public sealed class JpegCodecTests
{
    private static JpegFrameDecoder Decoder(PixelDescription description, DicomTransferSyntax syntax, params byte[][] frames)
    {
        var pixels = new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [.. frames.Select(f => (ReadOnlyMemory<byte>)f)]);
        return new JpegFrameDecoder(description, EncapsulatedFrames.Locate(pixels, ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty, description.NumberOfFrames, syntax), syntax);
    }

    private static int[] Decode(PixelDescription description, byte[] codestream, DicomTransferSyntax? syntax = null)
    {
        int[] values = new int[description.ValuesPerFrame];
        Decoder(description, syntax ?? DicomTransferSyntax.JpegLossless, codestream).DecodeFrame(0, values);
        return values;
    }

    /// <summary>A 7 x 5 test pattern with steep edges, so every predictor sees all neighbour combinations.</summary>
    private static int[] Pattern(int width, int height, int components, int max, int seed)
    {
        int[] values = new int[width * height * components];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (int)((((long)i * 2654435761L) + (seed * 40503L)) % (max + 1));
        }

        return values;
    }

    public static TheoryData<int> Predictors() => [1, 2, 3, 4, 5, 6, 7];

    [Theory]
    [MemberData(nameof(Predictors))]
    public void Hand_built_lossless_16_bit_samples_decode_exactly_with_every_predictor(int predictor)
    {
        // Values span all 16 bits, so predictors 5-7 must work on unsigned samples, not 16-bit signed ones.
        int[] samples = Pattern(7, 5, 1, 65535, predictor);
        var description = new PixelDescription(5, 7, 1, 16, 16, 15, 0, 0, "MONOCHROME2", 1);

        Assert.Equal(samples, Decode(description, TestJpegStreams.Lossless(samples, 7, 5, 1, 16, predictor)));
    }

    [Theory]
    [MemberData(nameof(Predictors))]
    public void Hand_built_lossless_colour_with_restarts_decodes_exactly_with_every_predictor(int predictor)
    {
        // Three interleaved 8-bit components, a restart every two lines (restarting the first-line prediction).
        int[] samples = Pattern(6, 7, 3, 255, predictor);
        var description = new PixelDescription(7, 6, 3, 8, 8, 7, 0, 0, "RGB", 1);

        Assert.Equal(samples, Decode(description, TestJpegStreams.Lossless(samples, 6, 7, 3, 8, predictor, restartInterval: 12)));
    }

    [Fact]
    public void Lossless_point_transform_scales_samples_back_up()
    {
        int[] samples = [.. Pattern(5, 4, 1, 4095, 3).Select(v => v & ~3)];
        var description = new PixelDescription(4, 5, 1, 16, 12, 11, 0, 0, "MONOCHROME2", 1);

        Assert.Equal(samples, Decode(description, TestJpegStreams.Lossless(samples, 5, 4, 1, 12, 6, pointTransform: 2)));
    }

    [Fact]
    public void Lossless_samples_are_the_stored_bit_pattern_sign_extended_from_BitsStored()
    {
        // 12-bit two's complement: 0xFFF is -1, 0x800 is -2048, 0x7FF is 2047.
        int[] raw = [0xFFF, 0x800, 0x7FF, 0x000, 0x001, 0xFFE];
        var description = new PixelDescription(2, 3, 1, 16, 12, 11, 1, 0, "MONOCHROME2", 1);

        Assert.Equal([-1, -2048, 2047, 0, 1, -2], Decode(description, TestJpegStreams.Lossless(raw, 3, 2, 1, 12, 1)));
    }

    [Fact]
    public void A_hand_built_flat_block_baseline_frame_decodes_exactly()
    {
        // 16 x 16 grey: four 8 x 8 blocks of 0, 100, 200 and 255 (clamped: DC 8 x 127 would give 255 too).
        int[] blocks = [0, 100, 200, 255];
        byte[] codestream = TestJpegStreams.FlatBaseline(16, 16, [(1, 1)], (_, x, y) => blocks[(y * 2) + x], 0xC0);
        var description = new PixelDescription(16, 16, 1, 8, 8, 7, 0, 0, "MONOCHROME2", 1);

        int[] values = Decode(description, codestream, DicomTransferSyntax.JpegBaseline);

        for (int y = 0; y < 16; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                Assert.Equal(blocks[((y / 8) * 2) + (x / 8)], values[(y * 16) + x]);
            }
        }
    }

    [Fact]
    public void A_hand_built_4_2_0_frame_keeps_YCbCr_and_upsamples_chroma_to_full_resolution()
    {
        // 16 x 16 YCbCr, luma 2 x 2 blocks per MCU, one chroma block each; chroma flat so upsampling is exact.
        byte[] codestream = TestJpegStreams.FlatBaseline(16, 16, [(2, 2), (1, 1), (1, 1)], (c, x, y) => c == 0 ? 40 + (50 * ((y * 2) + x)) : c == 1 ? 90 : 160);
        var description = new PixelDescription(16, 16, 3, 8, 8, 7, 0, 0, "YBR_FULL_422", 1);

        var decoder = Decoder(description, DicomTransferSyntax.JpegBaseline, codestream);
        int[] values = new int[description.ValuesPerFrame];
        decoder.DecodeFrame(0, values);

        Assert.Equal("YBR_FULL", decoder.Description.PhotometricInterpretation);
        Assert.Equal([40, 90, 160], values[..3]);
        Assert.Equal([190, 90, 160], values[^3..]);
    }

    [Fact]
    public void Chroma_is_upsampled_with_libjpeg_triangle_filter()
    {
        // Hand-computed from jdsample.c: ends copy, inner samples are (3 x near + far + 1 or 2) / 4.
        int[] h2v1 = new int[6];
        ChromaUpsampler.H2V1([0, 100, 200], h2v1);
        Assert.Equal([0, 25, 75, 125, 175, 200], h2v1);

        // Rows 0,0,0 over 40,80,120 (row above): column sums 40,80,120 then (4s + 8) / 16, (3s + n + 7) / 16 ...
        int[] h2v2 = new int[6];
        ChromaUpsampler.H2V2([0, 0, 0], [40, 80, 120], h2v2);
        Assert.Equal([10, 12, 18, 22, 28, 30], h2v2);
    }

    [Fact]
    public void A_progressive_frame_is_refused_as_unsupported_naming_the_process()
    {
        byte[] codestream = TestJpegStreams.FlatBaseline(8, 8, [(1, 1)], (_, _, _) => 128, 0xC2);
        var description = new PixelDescription(8, 8, 1, 8, 8, 7, 0, 0, "MONOCHROME2", 1);

        var error = Assert.Throws<DicomUnsupportedException>(() => Decode(description, codestream, DicomTransferSyntax.JpegBaseline));

        Assert.StartsWith("unsupported transfer syntax 1.2.840.10008.1.2.4.50 (JPEG Baseline (Process 1)): JPEG frame 0 uses process SOF2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_whose_size_disagrees_with_the_image_attributes_is_a_format_error()
    {
        byte[] codestream = TestJpegStreams.Lossless(new int[12], 4, 3, 1, 16, 1);
        var description = new PixelDescription(4, 3, 1, 16, 16, 15, 0, 0, "MONOCHROME2", 1);

        var error = Assert.Throws<DicomFormatException>(() => Decode(description, codestream));

        Assert.Contains("JPEG frame 0 is 4 x 3 with 1 components; the image is 3 x 4", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("multiframe/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm")]
    [InlineData("multiframe/CT0012.fragmented_no_bot_jpeg_lossless.70.dcm")]
    public async Task Lossless_multiframe_fixtures_decode_to_exactly_the_pixels_of_their_uncompressed_sibling(string relative)
    {
        var expected = await DecodedImage.ReadAsync("multiframe/CT0012.explicit_little_endian.dcm");

        var actual = await DecodedImage.ReadAsync(relative);

        PixelAssert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("ct/orthanc_CT-MONO2-16-chest_jpeg_lossless_sv1.dcm")]
    [InlineData("ct/orthanc_GuillemVela_ct_jpeg_lossless_1024.dcm")]
    [InlineData("quirks/pydicom_bad_sequence.dcm")]
    [InlineData("quirks/fodicom_GH184.dcm")]
    [InlineData("quirks/fodicom_GH610.dcm")]
    [InlineData("quirks/fodicom_GH1376.dcm")]
    [InlineData("big/fodicom_GH133_MG_3062x2394_jpeg_lossless.dcm")]
    public async Task Lossless_fixtures_decode_exactly_like_DCMTK_dcmdjpeg(string relative)
    {
        // fodicom_GH1376 uses point transform 2; the signed CT files check sign extension from BitsStored.
        var expected = await DecodedImage.DecodeWithToolAsync("dcmdjpeg", ["+cn", "+px"], relative);

        var actual = await DecodedImage.ReadAsync(relative);

        PixelAssert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("multiframe/CT0012.fragmented_no_bot_jpeg_baseline.51.dcm")]
    [InlineData("multiframe/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm")]
    [InlineData("ts/pydicom_JPGExtended.dcm")]
    [InlineData("ts/pydicom_SC_rgb_jpeg_dcmtk.dcm")]
    [InlineData("ts/orthanc_MR_toshiba_jpeg_extended_12bit.dcm")]
    [InlineData("ts/orthanc_US_jpeg_baseline_ybr422.dcm")]
    public async Task Lossy_fixtures_decode_within_2_of_DCMTK_dcmdjpeg_without_colour_conversion(string relative)
    {
        // The inverse DCT is not bit-exact between decoders (JpegLibrary's versus libjpeg's islow, each rounding
        // its own way), so lossy output may differ by a unit or two; chroma upsampling follows libjpeg exactly.
        var expected = await DecodedImage.DecodeWithToolAsync("dcmdjpeg", ["+cn", "+px"], relative);

        var actual = await DecodedImage.ReadAsync(relative);

        PixelAssert.Within(expected, actual, 2);
    }

    [Theory]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "1")]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "2")]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "3")]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "4")]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "5")]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "6")]
    [InlineData("ct/CT1_UNC.explicit_little_endian.dcm", "7")]
    [InlineData("ts/pydicom_ExplVR_BigEnd.dcm", "7")]
    [InlineData("multiframe/pydicom_emri_small.dcm", "4")]
    public async Task Images_DCMTK_compresses_losslessly_with_any_predictor_decode_to_the_original(string relative, string predictor)
    {
        var original = await DecodedImage.ReadAsync(relative);
        var compressed = await DecodedImage.TranscodeWithToolAsync("dcmcjpeg", ["+el", "+sv", predictor, "+fs", "8"], relative);
        Assert.Equal(DicomTransferSyntax.JpegLossless.Uid, compressed.TransferSyntax.Uid);

        var actual = await DecodedImage.DecodeAsync(compressed);

        PixelAssert.Equal(original, actual);
    }

    [Fact]
    public async Task Whole_slide_tiles_decode_within_2_of_DCMTK_and_cropped_edge_tiles_go_top_left()
    {
        // 140 tiles of 240 x 240, 4:2:0. The edge tiles' codestreams are cropped to the slide (55 or 121 wide or
        // high); DCMTK copies their rows unaligned, so they are checked separately, against DCMTK decoding the
        // tile alone.
        const string relative = "multiframe/fodicom_multiframe_140f_jpeg_bot.dcm";
        var expected = await DecodedImage.DecodeWithToolAsync("dcmdjpeg", ["+cn", "+px"], relative);
        var file = await DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);
        var actual = await DecodedImage.DecodeAsync(file);
        var frames = EncapsulatedFrames.Locate(file.Dataset, 140, file.TransferSyntax);
        int perFrame = 240 * 240 * 3;
        int edgeTiles = 0;
        for (int frame = 0; frame < 140; frame++)
        {
            var info = JpegFrameInfo.Read(frames.GetFrame(frame).Span);
            var ours = new DecodedImage(actual.Description with { NumberOfFrames = 1 }, actual.Values[(frame * perFrame)..((frame + 1) * perFrame)]);
            if (info.SamplesPerLine == 240 && info.Lines == 240)
            {
                PixelAssert.Within(new DecodedImage(ours.Description, expected.Values[(frame * perFrame)..((frame + 1) * perFrame)]), ours, 2);
                continue;
            }

            edgeTiles++;
            if (edgeTiles <= 2)
            {
                await AssertEdgeTileAsync(frames.GetFrame(frame), info, ours);
            }
        }

        Assert.Equal(23, edgeTiles);
    }

    private static async Task AssertEdgeTileAsync(ReadOnlyMemory<byte> codestream, JpegFrameInfo info, DecodedImage ours)
    {
        var tile = new DicomDataset();
        tile.SetString(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        tile.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate());
        tile.SetUInt16(PixelDescription.SamplesPerPixelTag, 3);
        tile.SetString(PixelDescription.PhotometricInterpretationTag, DicomVR.CS, "YBR_FULL_422");
        tile.SetUInt16(PixelDescription.PlanarConfigurationTag, 0);
        tile.SetUInt16(PixelDescription.RowsTag, (ushort)info.Lines);
        tile.SetUInt16(PixelDescription.ColumnsTag, (ushort)info.SamplesPerLine);
        tile.SetUInt16(PixelDescription.BitsAllocatedTag, 8);
        tile.SetUInt16(PixelDescription.BitsStoredTag, 8);
        tile.SetUInt16(PixelDescription.HighBitTag, 7);
        tile.SetUInt16(PixelDescription.PixelRepresentationTag, 0);
        tile.Set(new DicomFragmentSequence(DicomTag.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [codestream]));
        string folder = Directory.CreateTempSubdirectory("hem-codec-test-").FullName;
        try
        {
            string path = Path.Combine(folder, "tile.dcm");
            await DicomWriter.WriteFileAsync(path, tile, DicomTransferSyntax.JpegBaseline, TestContext.Current.CancellationToken);
            var expected = await DecodedImage.DecodeFileWithToolAsync("dcmdjpeg", ["+cn", "+px"], path);
            int rowValues = info.SamplesPerLine * 3;
            for (int y = 0; y < 240; y++)
            {
                var row = ours.Values.AsSpan(y * 240 * 3, 240 * 3);
                if (y < info.Lines)
                {
                    var inside = new DecodedImage(expected.Description with { Rows = 1 }, row[..rowValues].ToArray());
                    PixelAssert.Within(new DecodedImage(inside.Description, expected.Values[(y * rowValues)..((y + 1) * rowValues)]), inside, 2);
                    Assert.True(row[rowValues..].IndexOfAnyExcept(0) < 0, $"row {y} right of the tile is not 0");
                }
                else
                {
                    Assert.True(row.IndexOfAnyExcept(0) < 0, $"row {y} below the tile is not 0");
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
