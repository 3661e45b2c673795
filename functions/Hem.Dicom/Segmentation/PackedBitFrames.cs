namespace Hem.Dicom.Segmentation;

/// <summary>
/// Pixel Data for Bits Allocated 1 (PS3.5 8.1.1): one bit per pixel, eight pixels to a byte with the first pixel in
/// the least significant bit, and frames packed one after another with no padding between them, so a frame whose
/// pixel count is not a multiple of 8 starts inside a byte. Only the whole value is padded to even length, which
/// <see cref="DicomWriter"/> does for every odd-length value.
/// </summary>
internal static class PackedBitFrames
{
    /// <summary>Packs frames of <paramref name="pixelsPerFrame"/> values (0 or 1) each, in order.</summary>
    public static byte[] Pack(int pixelsPerFrame, IReadOnlyList<ReadOnlyMemory<byte>> frames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pixelsPerFrame);
        ArgumentNullException.ThrowIfNull(frames);
        long bits = (long)pixelsPerFrame * frames.Count;
        byte[] packed = new byte[checked((int)((bits + 7) / 8))];
        long bit = 0;
        foreach (var frame in frames)
        {
            if (frame.Length != pixelsPerFrame)
            {
                throw new ArgumentException($"a frame of {frame.Length} pixels among frames of {pixelsPerFrame}", nameof(frames));
            }

            var pixels = frame.Span;
            for (int i = 0; i < pixels.Length; i++, bit++)
            {
                if (pixels[i] != 0)
                {
                    packed[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }

        return packed;
    }
}
