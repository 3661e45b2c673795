using System.Buffers.Binary;

namespace Hem.Dicom.Pixels.Rle;

/// <summary>
/// RLE Lossless (PS3.5 Annex G): each frame is a 64-byte header (segment count and up to 15 segment offsets)
/// followed by PackBits segments, one per byte plane, most significant byte first within each sample. 1-bit data
/// is one segment holding the frame's packed bits.
/// </summary>
public sealed class RleFrameDecoder : IFrameDecoder
{
    private const int HeaderBytes = 64;
    private const int MaxSegments = 15;

    private readonly EncapsulatedFrames _frames;
    private readonly StoredValues _stored;
    private readonly int _bytesPerSample;

    public RleFrameDecoder(PixelDescription description, EncapsulatedFrames frames)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(frames);
        Description = description;
        _frames = frames;
        _stored = new StoredValues(description);
        _bytesPerSample = description.BitsAllocated == 1 ? 1 : description.BitsAllocated / 8;
        if (description.BitsAllocated == 1 && description.SamplesPerPixel != 1)
        {
            throw new DicomFormatException($"1-bit RLE pixel data must have one sample per pixel, not {description.SamplesPerPixel}");
        }

        if (SegmentsPerFrame > MaxSegments)
        {
            throw new DicomFormatException(
                $"RLE cannot hold {description.SamplesPerPixel} samples of {description.BitsAllocated} bits: {SegmentsPerFrame} segments, at most {MaxSegments}");
        }

        if (frames.Count != description.NumberOfFrames)
        {
            throw new DicomFormatException($"RLE pixel data holds {frames.Count} frames but Number of Frames is {description.NumberOfFrames}");
        }
    }

    public PixelDescription Description { get; }

    private int SegmentsPerFrame => Description.SamplesPerPixel * _bytesPerSample;

    public void DecodeFrame(int frame, Span<int> destination)
    {
        var d = Description;
        int count = d.CheckFrameArguments(frame, destination.Length);

        var data = _frames.GetFrame(frame).Span;
        var segments = ReadHeader(frame, data);
        int pixels = d.Rows * d.Columns;
        int planeBytes = d.BitsAllocated == 1 ? (pixels + 7) / 8 : pixels;
        byte[] plane = new byte[planeBytes];
        var output = destination[..count];
        if (d.BitsAllocated == 1)
        {
            DecodeSegment(frame, 0, data, segments, plane);
            for (int i = 0; i < count; i++)
            {
                // Packed like native 1-bit data: least significant bit first.
                output[i] = (plane[i >> 3] >> (i & 7)) & 1;
            }

            return;
        }

        output.Clear();
        int samples = d.SamplesPerPixel;
        for (int sample = 0; sample < samples; sample++)
        {
            for (int b = 0; b < _bytesPerSample; b++)
            {
                int segment = (sample * _bytesPerSample) + b;
                DecodeSegment(frame, segment, data, segments, plane);
                int shift = 8 * (_bytesPerSample - 1 - b);
                for (int p = 0; p < pixels; p++)
                {
                    output[(p * samples) + sample] |= plane[p] << shift;
                }
            }
        }

        for (int i = 0; i < count; i++)
        {
            output[i] = _stored.From((uint)output[i]);
        }
    }

    /// <summary>The [start, end) byte range of each segment, checked against the frame.</summary>
    private (int Start, int End)[] ReadHeader(int frame, ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderBytes)
        {
            throw new DicomFormatException($"RLE frame {frame} is {data.Length} bytes, shorter than the {HeaderBytes}-byte RLE header");
        }

        uint declared = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (declared != SegmentsPerFrame)
        {
            throw new DicomFormatException(
                $"RLE frame {frame} declares {declared} segments; {Description.SamplesPerPixel} samples of {Description.BitsAllocated} bits need {SegmentsPerFrame}");
        }

        var ranges = new (int Start, int End)[SegmentsPerFrame];
        for (int k = 0; k < ranges.Length; k++)
        {
            uint start = BinaryPrimitives.ReadUInt32LittleEndian(data[(4 + (k * 4))..]);
            uint end = k + 1 < ranges.Length ? BinaryPrimitives.ReadUInt32LittleEndian(data[(8 + (k * 4))..]) : (uint)data.Length;
            if (start < HeaderBytes || start >= end || end > data.Length)
            {
                throw new DicomFormatException(
                    $"RLE frame {frame} segment {k} spans bytes {start} to {end}, outside the {data.Length}-byte frame or out of order");
            }

            ranges[k] = ((int)start, (int)end);
        }

        return ranges;
    }

    private static void DecodeSegment(int frame, int segment, ReadOnlySpan<byte> data, (int Start, int End)[] ranges, Span<byte> plane)
    {
        var (start, end) = ranges[segment];
        int written = PackBits.Decode(data[start..end], plane);
        if (written != plane.Length)
        {
            throw new DicomFormatException($"RLE frame {frame} segment {segment} decodes to {written} bytes; the image needs {plane.Length}");
        }
    }
}
