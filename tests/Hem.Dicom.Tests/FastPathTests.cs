using System.Buffers.Binary;
using Hem.Dicom.Pixels;
using Hem.Dicom.Series;

namespace Hem.Dicom.Tests;

/// <summary>The SIMD and prefix-reading fast paths give exactly what the plain definitions give.</summary>
public sealed class FastPathTests
{
    [Theory]
    [InlineData(1.0, -1024.0, null, null)]
    [InlineData(1.0, -1024.0, -2000, null)]
    [InlineData(2.0, -3000.0, 0, 100)]
    [InlineData(-1.0, 500.0, null, null)]
    [InlineData(0.5, -1024.0, null, null)]
    public void Hounsfield_conversion_equals_value_times_slope_plus_intercept(double slope, double intercept, int? paddingLow, int? paddingHigh)
    {
        var random = new Random(7);
        int[] stored = [.. Enumerable.Range(0, 1003).Select(i => i switch
        {
            0 => int.MaxValue,
            1 => int.MinValue,
            2 => paddingLow ?? 0,
            _ => random.Next(-70_000, 70_000),
        })];
        var scale = new HounsfieldScale(slope, intercept, paddingLow, paddingHigh);
        short[] actual = new short[stored.Length];

        scale.Convert(stored, actual);

        for (int i = 0; i < stored.Length; i++)
        {
            bool padding = paddingLow is { } low && stored[i] >= low && stored[i] <= (paddingHigh ?? low);
            double hu = padding ? CtVolume.AirHu : (stored[i] * slope) + intercept;
            short expected = (short)Math.Clamp(Math.Round(hu, MidpointRounding.AwayFromZero), short.MinValue, short.MaxValue);
            Assert.True(expected == actual[i], $"value {stored[i]}: expected {expected}, got {actual[i]}");
        }
    }

    [Theory]
    [InlineData(16, 0)]
    [InlineData(16, 1)]
    [InlineData(12, 0)]
    [InlineData(12, 1)]
    [InlineData(10, 1)]
    public void Sixteen_bit_decoding_masks_and_sign_extends_like_the_definition(int bitsStored, int pixelRepresentation)
    {
        const int rows = 7, columns = 37; // not a multiple of any vector width: the scalar tail runs too
        var random = new Random(bitsStored * 10 + pixelRepresentation);
        byte[] raw = new byte[rows * columns * 2];
        random.NextBytes(raw);
        var description = new PixelDescription(rows, columns, 1, 16, bitsStored, bitsStored - 1, pixelRepresentation, 0, "MONOCHROME2", 1);
        int[] actual = new int[rows * columns];

        new NativeFrameDecoder(description, raw).DecodeFrame(0, actual);

        for (int i = 0; i < actual.Length; i++)
        {
            int value = BinaryPrimitives.ReadUInt16LittleEndian(raw.AsSpan(i * 2)) & ((1 << bitsStored) - 1);
            if (pixelRepresentation == 1 && (value & (1 << (bitsStored - 1))) != 0)
            {
                value -= 1 << bitsStored;
            }

            Assert.Equal(value, actual[i]);
        }
    }

    [Fact]
    public async Task A_header_longer_than_the_first_prefix_is_read_whole_before_stopping_at_the_pixels()
    {
        var dataset = new DicomDataset();
        dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.42");
        dataset.SetString(new DicomTag(0x0020, 0x4000), DicomVR.LT, new string('x', 60_000)); // 60 KB of comments
        dataset.SetUInt16(PixelDescription.RowsTag, 1);
        dataset.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OW, new byte[2]));
        string path = Path.Combine(Path.GetTempPath(), $"hem-prefix-{Guid.NewGuid():N}.dcm");
        await File.WriteAllBytesAsync(path, DicomWriter.ToPart10Bytes(dataset), TestContext.Current.CancellationToken);
        try
        {
            var header = await DicomReader.ReadFileAsync(path, new DicomReadOptions { StopBeforePixelData = true }, TestContext.Current.CancellationToken);

            Assert.Equal(60_000, header.Dataset.GetString(new DicomTag(0x0020, 0x4000))!.Length);
            Assert.Equal(1, header.Dataset.GetInteger(PixelDescription.RowsTag));
            Assert.False(header.Dataset.Contains(DicomTag.PixelData));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
