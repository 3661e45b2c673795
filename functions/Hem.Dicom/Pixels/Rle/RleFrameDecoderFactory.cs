namespace Hem.Dicom.Pixels.Rle;

/// <summary>RLE Lossless, 1.2.840.10008.1.2.5.</summary>
public sealed class RleFrameDecoderFactory : IFrameDecoderFactory
{
    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return syntax.Uid == DicomTransferSyntax.RleLossless.Uid;
    }

    public Task<IFrameDecoder> CreateAsync(DicomFile file, PixelDescription description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(description);
        var frames = EncapsulatedFrames.Locate(file.Dataset, description.NumberOfFrames, file.TransferSyntax);
        return Task.FromResult<IFrameDecoder>(new RleFrameDecoder(description, frames));
    }
}
