namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>
/// Reads entropy-coded bits (ITU T.81 F.2.2.5): removes the zero byte stuffed after each FF and stops at a marker.
/// Peeking past the end yields zero bits so table lookups stay simple, but consuming a bit that is not there is
/// a truncated codestream and throws.
/// </summary>
internal ref struct JpegBitReader(ReadOnlySpan<byte> data, int position)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position = position;
    private ulong _buffer;
    private int _bits;
    private bool _atMarker;

    /// <summary>Where the unread bytes begin: at the marker that ended the data, or within the data if decoding stopped early.</summary>
    public readonly int Position => _position;

    public int PeekBits16()
    {
        Fill();
        return _bits >= 16 ? (int)((_buffer >> (_bits - 16)) & 0xFFFF) : (int)((_buffer << (16 - _bits)) & 0xFFFF);
    }

    public void Skip(int count)
    {
        if (count > _bits)
        {
            throw Truncated();
        }

        _bits -= count;
    }

    public int ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }

        Fill();
        if (count > _bits)
        {
            throw Truncated();
        }

        _bits -= count;
        return (int)((_buffer >> _bits) & ((1UL << count) - 1));
    }

    /// <summary>
    /// Ends a restart interval: drops the padding bits of the last byte and expects RSTn (n = <paramref name="index"/> mod 8).
    /// Stray bytes before the marker are skipped, as other decoders do.
    /// </summary>
    public void Restart(int index)
    {
        _bits = 0;
        _buffer = 0;
        while (_position + 1 < _data.Length && !(_data[_position] == 0xFF && _data[_position + 1] is not (0x00 or 0xFF)))
        {
            _position++;
        }

        byte expected = (byte)(0xD0 + (index & 7));
        if (_position + 1 >= _data.Length || _data[_position + 1] != expected)
        {
            throw new DicomFormatException($"JPEG restart marker RST{index & 7} is missing at byte {_position}");
        }

        _position += 2;
        _atMarker = false;
    }

    private void Fill()
    {
        while (_bits <= 56 && !_atMarker)
        {
            if (_position >= _data.Length)
            {
                _atMarker = true;
                return;
            }

            byte value = _data[_position];
            if (value == 0xFF)
            {
                byte next = _position + 1 < _data.Length ? _data[_position + 1] : (byte)0xD9;
                if (next == 0xFF)
                {
                    // Fill bytes may precede a marker.
                    _position++;
                    continue;
                }

                if (next != 0x00)
                {
                    _atMarker = true;
                    return;
                }

                _position++;
            }

            _position++;
            _buffer = (_buffer << 8) | value;
            _bits += 8;
        }
    }

    private static DicomFormatException Truncated() => new("the JPEG entropy-coded data ends before the image is complete");
}
