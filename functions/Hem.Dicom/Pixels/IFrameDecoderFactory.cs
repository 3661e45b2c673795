namespace Hem.Dicom.Pixels;

/// <summary>Makes frame decoders for the transfer syntaxes it handles: the seam where a codec plugs in.</summary>
public interface IFrameDecoderFactory
{
    bool CanDecode(DicomTransferSyntax syntax);

    Task<IFrameDecoder> CreateAsync(DicomFile file, PixelDescription description, CancellationToken cancellationToken);
}
