namespace Hem.Dicom.Pixels;

/// <summary>
/// Chooses the frame decoder for a file's transfer syntax from the registered factories, first match wins.
/// Encodings no factory decodes are refused with "unsupported transfer syntax UID (name)".
/// </summary>
public sealed class PixelDecoder(IEnumerable<IFrameDecoderFactory> factories)
{
    private readonly IReadOnlyList<IFrameDecoderFactory> _factories = [.. factories];

    public static PixelDecoder CreateDefault() => new([new NativeFrameDecoderFactory()]);

    public async Task<IFrameDecoder> OpenAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Dataset[DicomTag.PixelData] is null)
        {
            throw new DicomFormatException("the dataset has no Pixel Data (7FE0,0010)");
        }

        var description = PixelDescription.Read(file.Dataset);
        var factory = _factories.FirstOrDefault(f => f.CanDecode(file.TransferSyntax)) ?? throw Unsupported(file.TransferSyntax);
        return await factory.CreateAsync(file, description, cancellationToken);
    }

    public static DicomUnsupportedException Unsupported(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return new DicomUnsupportedException($"unsupported transfer syntax {syntax.Uid} ({syntax.Name})");
    }
}
