namespace Hem.Dicom.Pixels;

/// <summary>
/// Decodes frames of one image into stored values: the low BitsStored bits, sign-extended when
/// PixelRepresentation is 1, interleaved by sample whatever the planar configuration. One implementation per
/// encoding (native, RLE, JPEG ...), so a library can replace a codec without touching callers.
/// </summary>
public interface IFrameDecoder
{
    PixelDescription Description { get; }

    /// <summary>Writes frame <paramref name="frame"/> into <paramref name="destination"/>, which holds ValuesPerFrame values.</summary>
    void DecodeFrame(int frame, Span<int> destination);
}
