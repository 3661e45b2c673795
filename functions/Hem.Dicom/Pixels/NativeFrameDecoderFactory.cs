namespace Hem.Dicom.Pixels;

/// <summary>Uncompressed pixel data in any of the four uncompressed dataset encodings.</summary>
public sealed class NativeFrameDecoderFactory : IFrameDecoderFactory
{
    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return !syntax.Encapsulated;
    }

    public Task<IFrameDecoder> CreateAsync(DicomFile file, PixelDescription description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Dataset[DicomTag.PixelData] is not DicomValueElement native)
        {
            throw new DicomFormatException("native pixel data is encapsulated; the transfer syntax says it should not be");
        }

        return Task.FromResult<IFrameDecoder>(new NativeFrameDecoder(description, native.Bytes));
    }
}
