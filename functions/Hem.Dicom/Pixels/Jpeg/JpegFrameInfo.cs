using System.Buffers.Binary;

namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>One component of a JPEG frame header: identifier and sampling factors.</summary>
internal readonly record struct JpegComponent(byte Id, int Horizontal, int Vertical);

/// <summary>The frame header (SOFn, ITU T.81 B.2.2) of a JPEG codestream, read before any decoder allocates.</summary>
internal sealed record JpegFrameInfo(byte Marker, int Precision, int Lines, int SamplesPerLine, IReadOnlyList<JpegComponent> Components)
{
    public const byte BaselineMarker = 0xC0;
    public const byte ExtendedMarker = 0xC1;
    public const byte LosslessMarker = 0xC3;

    public int MaxHorizontal => Components.Max(c => c.Horizontal);

    public int MaxVertical => Components.Max(c => c.Vertical);

    /// <summary>"SOF3 (lossless, Huffman)": names the process for error messages.</summary>
    public string ProcessName => $"SOF{Marker - 0xC0} ({Describe(Marker)})";

    public static bool IsFrameMarker(byte marker) => marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC);

    /// <summary>Reads the first frame header; the codestream must begin with SOI.</summary>
    public static JpegFrameInfo Read(ReadOnlySpan<byte> codestream)
    {
        if (codestream.Length < 4 || codestream[0] != 0xFF || codestream[1] != JpegMarkerReader.StartOfImage)
        {
            throw new DicomFormatException("the frame does not begin with a JPEG start-of-image marker (FFD8)");
        }

        var reader = new JpegMarkerReader(codestream) { Position = 2 };
        while (reader.TryReadMarker(out byte marker))
        {
            if (JpegMarkerReader.IsStandalone(marker))
            {
                if (marker == JpegMarkerReader.EndOfImage)
                {
                    break;
                }

                continue;
            }

            if (marker == JpegMarkerReader.StartOfScan)
            {
                break;
            }

            var segment = reader.ReadSegment(marker);
            if (IsFrameMarker(marker))
            {
                return Parse(marker, segment);
            }
        }

        throw new DicomFormatException("the JPEG codestream has no frame header (SOFn) before its first scan");
    }

    private static JpegFrameInfo Parse(byte marker, ReadOnlySpan<byte> segment)
    {
        if (segment.Length < 6 || segment.Length < 6 + (3 * segment[5]))
        {
            throw new DicomFormatException($"the JPEG frame header SOF{marker - 0xC0} is {segment.Length} bytes, too short for its components");
        }

        int count = segment[5];
        if (count == 0)
        {
            throw new DicomFormatException($"the JPEG frame header SOF{marker - 0xC0} declares no components");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            byte sampling = segment[7 + (3 * i)];
            int h = sampling >> 4;
            int v = sampling & 0x0F;
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw new DicomFormatException($"JPEG component {i} has sampling factors {h}x{v}; each must be 1 to 4");
            }

            components[i] = new JpegComponent(segment[6 + (3 * i)], h, v);
        }

        return new JpegFrameInfo(marker, segment[0], BinaryPrimitives.ReadUInt16BigEndian(segment[1..]), BinaryPrimitives.ReadUInt16BigEndian(segment[3..]), components);
    }

    private static string Describe(byte marker) => marker switch
    {
        0xC0 => "baseline DCT, Huffman",
        0xC1 => "extended sequential DCT, Huffman",
        0xC2 => "progressive DCT, Huffman",
        0xC3 => "lossless, Huffman",
        0xC5 or 0xC6 or 0xC7 => "hierarchical, Huffman",
        0xC9 => "extended sequential DCT, arithmetic",
        0xCA => "progressive DCT, arithmetic",
        0xCB => "lossless, arithmetic",
        _ => "hierarchical, arithmetic",
    };
}
