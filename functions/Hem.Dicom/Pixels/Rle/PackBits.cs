namespace Hem.Dicom.Pixels.Rle;

/// <summary>The byte-oriented run-length scheme of one RLE segment (PS3.5 G.3.1, Apple PackBits).</summary>
internal static class PackBits
{
    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/> and returns how many bytes were written.
    /// Decoding stops once the destination is full: segments are padded to even length, and some encoders let the
    /// last run spill past the image, so what follows the image's last byte is not image data. Nothing is read or
    /// written outside either span.
    /// </summary>
    public static int Decode(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int read = 0;
        int written = 0;
        while (written < destination.Length && read < source.Length)
        {
            int header = (sbyte)source[read++];
            if (header >= 0)
            {
                // A literal run of header + 1 bytes, cut short by the end of the segment or of the image.
                int count = Math.Min(Math.Min(header + 1, source.Length - read), destination.Length - written);
                source.Slice(read, count).CopyTo(destination[written..]);
                read += header + 1;
                written += count;
                if (read > source.Length)
                {
                    // The literal run claimed more bytes than the segment holds.
                    return written;
                }
            }
            else if (header != -128)
            {
                // A replicate run: the next byte 1 - header times. -128 is a no-op by definition.
                if (read >= source.Length)
                {
                    return written;
                }

                int count = Math.Min(1 - header, destination.Length - written);
                destination.Slice(written, count).Fill(source[read++]);
                written += count;
            }
        }

        return written;
    }
}
