namespace Hem.Dicom.Pixels.External;

/// <summary>
/// JPEG-LS (.80 lossless, .81 near-lossless) through DCMTK's dcmdjpls. GDCM is not used for JPEG-LS: it returns
/// wrong pixels without error for fragmented multi-frame JPEG-LS (NEMA CT0012). A managed codec can replace this
/// factory in <see cref="PixelDecoder.CreateDefault"/> without touching callers.
/// </summary>
public sealed class DcmdjplsFrameDecoderFactory : IFrameDecoderFactory
{
    public const string ToolName = "dcmdjpls";

    private readonly ExternalTranscoder? _transcoder;

    /// <summary>Uses dcmdjpls from PATH; without it, JPEG-LS is unsupported.</summary>
    public DcmdjplsFrameDecoderFactory()
        : this(ExecutableSearch.FindOnPath(ToolName))
    {
    }

    /// <summary>Uses the given executable; a null or missing path leaves JPEG-LS unsupported.</summary>
    public DcmdjplsFrameDecoderFactory(string? executablePath, ExternalToolOptions? options = null)
    {
        ExecutablePath = executablePath is not null && ExecutableSearch.IsExecutable(executablePath) ? executablePath : null;
        _transcoder = ExecutablePath is null
            ? null
            : new ExternalTranscoder(ToolName, ExecutablePath, options ?? ExternalToolOptions.Default, (input, output) => [input, output]);
    }

    /// <summary>The executable this factory runs, or null when it has none.</summary>
    public string? ExecutablePath { get; }

    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return _transcoder is not null && (syntax.Uid == DicomTransferSyntax.JpegLsLossless.Uid || syntax.Uid == DicomTransferSyntax.JpegLsNearLossless.Uid);
    }

    public Task<IFrameDecoder> CreateAsync(DicomFile file, PixelDescription description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(description);
        if (_transcoder is null || !CanDecode(file.TransferSyntax))
        {
            throw PixelDecoder.Unsupported(file.TransferSyntax);
        }

        return _transcoder.DecodeAsync(file, description, cancellationToken);
    }
}
