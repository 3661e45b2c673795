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
        int count = d.CheckFrameArguments(frame, destination.Length);

        var codestream = _frames.GetFrame(frame);
        var header = JpegFrameInfo.Read(codestream.Span);
        Check(frame, header, codestream.Length);
        var output = destination[..count];
        if (header.SamplesPerLine == d.Columns && header.Lines == d.Rows)
        {
            DecodeCodestream(frame, codestream, header, output);
        }
        else
        {
            // Whole-slide writers encode edge tiles cropped to the slide (fo-dicom's 140-frame sample): the codestream
            // is smaller than the frame. Its pixels go top left and the rest of the frame, outside the image, is 0.
            int[] cropped = new int[header.SamplesPerLine * header.Lines * d.SamplesPerPixel];
            DecodeCodestream(frame, codestream, header, cropped);
            output.Clear();
            int rowValues = header.SamplesPerLine * d.SamplesPerPixel;
            for (int y = 0; y < header.Lines; y++)
            {
                cropped.AsSpan(y * rowValues, rowValues).CopyTo(output[(y * d.Columns * d.SamplesPerPixel)..]);
            }
        }

        // The decoders give raw sample bits; signed images keep their BitsStored-bit two's complement pattern.
        for (int i = 0; i < count; i++)
        {
            output[i] = _stored.From((uint)output[i]);
        }
    }

    private void DecodeCodestream(int frame, ReadOnlyMemory<byte> codestream, JpegFrameInfo header, Span<int> output)
    {
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
    }

    private void Check(int frame, JpegFrameInfo header, int codestreamBytes)
    {
        var d = Description;
        if (header.Lines == 0)
        {
            throw PixelDecoder.Unsupported(_syntax, $"JPEG frame {frame} defines its height after the scan (DNL)");
        }

        if (header.SamplesPerLine > d.Columns || header.Lines > d.Rows || header.SamplesPerLine == 0 || header.Components.Count != d.SamplesPerPixel)
        {
            throw new DicomFormatException(
                $"JPEG frame {frame} is {header.SamplesPerLine} x {header.Lines} with {header.Components.Count} components; the image is {d.Columns} x {d.Rows} with {d.SamplesPerPixel} samples per pixel");
        }

        // Every Huffman code is at least one bit: a lossless sample, or a DCT block's DC difference and its end of
        // block, cannot take less. A header claiming more than the bytes can hold is refused before any allocation.
        long minimumBits = header.Marker == JpegFrameInfo.LosslessMarker
            ? (long)header.SamplesPerLine * header.Lines * header.Components.Count
            : 2L * ((header.SamplesPerLine + (8 * header.MaxHorizontal) - 1) / (8 * header.MaxHorizontal)) * ((header.Lines + (8 * header.MaxVertical) - 1) / (8 * header.MaxVertical));
        if (minimumBits > 8L * codestreamBytes)
        {
            throw new DicomFormatException($"JPEG frame {frame} is {codestreamBytes} bytes, too few for a {header.SamplesPerLine} x {header.Lines} image: it is truncated");
        }

        if (header.Precision > d.BitsAllocated || header.Precision < 2)
        {
            throw new DicomFormatException($"JPEG frame {frame} has {header.Precision}-bit samples, which do not fit BitsAllocated {d.BitsAllocated}");
        }
    }
}
