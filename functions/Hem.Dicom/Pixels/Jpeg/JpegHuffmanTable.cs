namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>
/// A Huffman decoding table from a DHT segment (ITU T.81 C and F.2.2.3): codes up to 9 bits through a lookup
/// table, longer ones through the canonical MAXCODE / VALPTR search.
/// </summary>
internal sealed class JpegHuffmanTable
{
    private const int LookupBits = 9;

    private readonly byte[] _lookupLength = new byte[1 << LookupBits];
    private readonly byte[] _lookupValue = new byte[1 << LookupBits];
    private readonly int[] _maxCode = new int[17];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    private JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];
            _valueOffset[length] = k - code;
            for (int i = 0; i < count; i++, code++, k++)
            {
                if (code >= 1 << length)
                {
                    throw new DicomFormatException($"a JPEG Huffman table assigns more codes of {length} bits than exist");
                }

                if (length <= LookupBits)
                {
                    int first = code << (LookupBits - length);
                    _lookupLength.AsSpan(first, 1 << (LookupBits - length)).Fill((byte)length);
                    _lookupValue.AsSpan(first, 1 << (LookupBits - length)).Fill(values[k]);
                }
            }

            _maxCode[length] = count > 0 ? code - 1 : -1;
            code <<= 1;
        }
    }

    /// <summary>Reads every table of a DHT segment; returns (class, identifier, table) triples.</summary>
    public static IEnumerable<(int TableClass, int Id, JpegHuffmanTable Table)> ReadSegment(ReadOnlySpan<byte> segment)
    {
        var tables = new List<(int, int, JpegHuffmanTable)>();
        int offset = 0;
        while (offset < segment.Length)
        {
            if (segment.Length - offset < 17)
            {
                throw new DicomFormatException("a JPEG Huffman table segment (DHT) is truncated");
            }

            int tableClass = segment[offset] >> 4;
            int id = segment[offset] & 0x0F;
            var counts = segment.Slice(offset + 1, 16);
            int total = 0;
            foreach (byte count in counts)
            {
                total += count;
            }

            if (tableClass > 1 || id > 3 || total > 256 || segment.Length - offset - 17 < total)
            {
                throw new DicomFormatException($"a JPEG Huffman table (class {tableClass}, id {id}, {total} codes) is malformed or truncated");
            }

            tables.Add((tableClass, id, new JpegHuffmanTable(counts, segment.Slice(offset + 17, total))));
            offset += 17 + total;
        }

        return tables;
    }

    public int DecodeSymbol(ref JpegBitReader reader)
    {
        int peek = reader.PeekBits16();
        int index = peek >> (16 - LookupBits);
        int length = _lookupLength[index];
        if (length != 0)
        {
            reader.Skip(length);
            return _lookupValue[index];
        }

        for (length = LookupBits + 1; length <= 16; length++)
        {
            int code = peek >> (16 - length);
            if (code <= _maxCode[length])
            {
                reader.Skip(length);
                return _values[_valueOffset[length] + code];
            }
        }

        throw new DicomFormatException("the JPEG entropy-coded data holds a code its Huffman table does not define");
    }
}
