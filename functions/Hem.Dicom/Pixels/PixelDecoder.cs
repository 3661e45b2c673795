using Hem.Dicom.Pixels.External;
using Hem.Dicom.Pixels.Jpeg;
using Hem.Dicom.Pixels.Rle;

namespace Hem.Dicom.Pixels;

/// <summary>
/// Chooses the frame decoder for a file's transfer syntax from the registered factories, first match wins.
/// Encodings no factory decodes are refused with "unsupported transfer syntax UID (name)".
/// </summary>
public sealed class PixelDecoder(IEnumerable<IFrameDecoderFactory> factories)
{
    private readonly IReadOnlyList<IFrameDecoderFactory> _factories = [.. factories];

    /// <summary>
    /// Native, RLE and JPEG in process; JPEG-LS through DCMTK dcmdjpls and JPEG 2000 through GDCM gdcmconv when
    /// those tools are on PATH (otherwise those syntaxes are unsupported).
    /// </summary>
    public static PixelDecoder CreateDefault() => new(
    [
        new NativeFrameDecoderFactory(),
        new RleFrameDecoderFactory(),
        new JpegFrameDecoderFactory(),
        ExternalToolFrameDecoderFactory.Dcmdjpls(ExecutableSearch.FindOnPath(ExternalToolFrameDecoderFactory.DcmdjplsTool)),
        ExternalToolFrameDecoderFactory.Gdcmconv(ExecutableSearch.FindOnPath(ExternalToolFrameDecoderFactory.GdcmconvTool)),
    ]);

    /// <summary>
    /// Whether the dataset carries pixels to open: standard Pixel Data, or a vendor's private compression that
    /// <see cref="OpenAsync"/> will refuse as unsupported (a file with pixels, not one without).
    /// </summary>
    public static bool HasPixelData(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.Contains(DicomTag.PixelData) || PrivatePixelCompression.Describe(dataset) is not null;
    }

    /// <summary>
    /// Whether a registered factory decodes the syntax: what <see cref="OpenAsync"/> would try, asked before any
    /// file is read in full (an external tool counts only when it is installed).
    /// </summary>
    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return _factories.Any(f => f.CanDecode(syntax));
    }

    public async Task<IFrameDecoder> OpenAsync(DicomFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (PrivatePixelCompression.Describe(file.Dataset) is { } privateCompression)
        {
            throw new DicomUnsupportedException(
                $"unsupported pixel data: {privateCompression} under transfer syntax {file.TransferSyntax.Uid} ({file.TransferSyntax.Name}); no decoder reads it");
        }

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

    /// <summary>The standard refusal with the reason a decoder for the syntax cannot handle this particular image.</summary>
    public static DicomUnsupportedException Unsupported(DicomTransferSyntax syntax, string detail)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return new DicomUnsupportedException($"unsupported transfer syntax {syntax.Uid} ({syntax.Name}): {detail}");
    }
}
