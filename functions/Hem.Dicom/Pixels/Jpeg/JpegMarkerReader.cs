using System.Buffers.Binary;

namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>Walks the marker segments of a JPEG codestream (ITU T.81 B.1.1), checking each length against the data.</summary>
internal ref struct JpegMarkerReader(ReadOnlySpan<byte> data)
{
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const byte StartOfScan = 0xDA;
    public const byte DefineHuffmanTables = 0xC4;
    public const byte DefineRestartInterval = 0xDD;
    public const byte DefineNumberOfLines = 0xDC;

    private readonly ReadOnlySpan<byte> _data = data;

    public int Position { get; set; }

    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Whether a marker has no length field after it (SOI, EOI, RSTn, TEM).</summary>
    public static bool IsStandalone(byte marker) => marker is StartOfImage or EndOfImage or 0x01 or (>= 0xD0 and <= 0xD7);

    /// <summary>
    /// Moves to the next marker and returns its code, or false at the end of the data. Bytes before the marker that
    /// belong to no segment (entropy-coded data already decoded, stray bytes some writers leave) are skipped.
    /// </summary>
    public bool TryReadMarker(out byte marker)
    {
        while (Position + 1 < _data.Length)
        {
            if (_data[Position] == 0xFF && _data[Position + 1] is not (0x00 or 0xFF))
            {
                marker = _data[Position + 1];
                Position += 2;
                return true;
            }

            Position++;
        }

        marker = 0;
        return false;
    }

    /// <summary>The content of the segment after the marker just read (without its length field), and moves past it.</summary>
    public ReadOnlySpan<byte> ReadSegment(byte marker)
    {
        if (_data.Length - Position < 2)
        {
            throw new DicomFormatException($"JPEG marker FF{marker:X2} at byte {Position - 2} has no segment length: the codestream is truncated");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_data[Position..]);
        if (length < 2 || length > _data.Length - Position)
        {
            throw new DicomFormatException(
                $"JPEG segment FF{marker:X2} at byte {Position - 2} declares {length} bytes but {_data.Length - Position} remain");
        }

        var content = _data.Slice(Position + 2, length - 2);
        Position += length;
        return content;
    }
}
