namespace Hem.Dicom.Pixels.Jpeg;

/// <summary>JPEG Baseline (.50), Extended (.51), Lossless (.57) and Lossless SV1 (.70).</summary>
public sealed class JpegFrameDecoderFactory : IFrameDecoderFactory
{
    private static readonly string[] Uids =
    [
        DicomTransferSyntax.JpegBaseline.Uid,
        DicomTransferSyntax.JpegExtended.Uid,
        DicomTransferSyntax.JpegLossless.Uid,
        DicomTransferSyntax.JpegLosslessSV1.Uid,
    ];

    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return Uids.Contains(syntax.Uid, StringComparer.Ordinal);
    }

    public Task<IFrameDecoder> CreateAsync(DicomFile file, PixelDescription description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(description);
        var frames = EncapsulatedFrames.Locate(file.Dataset, description.NumberOfFrames, file.TransferSyntax);
        return Task.FromResult<IFrameDecoder>(new JpegFrameDecoder(description, frames, file.TransferSyntax));
    }
}
