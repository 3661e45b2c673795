namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>
/// JPEG frames (PS3.5 A.4.1): sequential DCT (SOF0, SOF1) through JpegLibrary, lossless Huffman (SOF3) through
/// <see cref="JpegLosslessDecoder"/>. The process is read from each frame's header, not from the transfer syntax
/// UID, which writers sometimes get wrong. Output is the decoded component values as stored values: no YCbCr to
/// RGB conversion, subsampled chroma brought to full resolution, so YBR_FULL_422 comes out as YBR_FULL.
/// </summary>
public sealed class JpegFrameDecoder : IFrameDecoder
{
    private readonly EncapsulatedFrames _frames;
    private readonly StoredValues _stored;
    private readonly DicomTransferSyntax _syntax;

    public JpegFrameDecoder(PixelDescription description, EncapsulatedFrames frames, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(syntax);
        if (description.BitsAllocated is not (8 or 16))
        {
            throw new DicomFormatException($"JPEG pixel data must have BitsAllocated 8 or 16, not {description.BitsAllocated}");
        }

        if (frames.Count != description.NumberOfFrames)
        {
            throw new DicomFormatException($"JPEG pixel data holds {frames.Count} frames but Number of Frames is {description.NumberOfFrames}");
        }

        Description = description.PhotometricInterpretation == "YBR_FULL_422" ? description with { PhotometricInterpretation = "YBR_FULL" } : description;
        _frames = frames;
        _syntax = syntax;
        _stored = new StoredValues(description);
    }

    public PixelDescription Description { get; }

    public void DecodeFrame(int frame, Span<int> destination)
    {
        var d = Description;
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, d.NumberOfFrames);
        int count = (int)d.ValuesPerFrame;
        if (destination.Length < count)
        {
            throw new ArgumentException("destination is smaller than one frame", nameof(destination));
        }

        var codestream = _frames.GetFrame(frame);
        var header = JpegFrameInfo.Read(codestream.Span);
        Check(frame, header);
        var output = destination[..count];
        switch (header.Marker)
        {
            case JpegFrameInfo.LosslessMarker:
                JpegLosslessDecoder.Decode(codestream.Span, header, output);
                break;
            case JpegFrameInfo.BaselineMarker or JpegFrameInfo.ExtendedMarker:
                JpegDctDecoder.Decode(codestream, header, output);
                break;
            default:
                throw PixelDecoder.Unsupported(_syntax, $"JPEG frame {frame} uses process {header.ProcessName}, which is not decoded");
        }

        // The decoders give raw sample bits; signed images keep their BitsStored-bit two's complement pattern.
        for (int i = 0; i < count; i++)
        {
            output[i] = _stored.From((uint)output[i]);
        }
    }

    private void Check(int frame, JpegFrameInfo header)
    {
        var d = Description;
        if (header.Lines == 0)
        {
            throw PixelDecoder.Unsupported(_syntax, $"JPEG frame {frame} defines its height after the scan (DNL)");
        }

        if (header.SamplesPerLine != d.Columns || header.Lines != d.Rows || header.Components.Count != d.SamplesPerPixel)
        {
            throw new DicomFormatException(
                $"JPEG frame {frame} is {header.SamplesPerLine} x {header.Lines} with {header.Components.Count} components; the image is {d.Columns} x {d.Rows} with {d.SamplesPerPixel} samples per pixel");
        }

        if (header.Precision > d.BitsAllocated || header.Precision < 2)
        {
            throw new DicomFormatException($"JPEG frame {frame} has {header.Precision}-bit samples, which do not fit BitsAllocated {d.BitsAllocated}");
        }
    }
}
