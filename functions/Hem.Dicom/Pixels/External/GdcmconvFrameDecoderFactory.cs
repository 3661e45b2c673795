namespace Hem.Dicom.Pixels.External;

/// <summary>
/// JPEG 2000 (.90 lossless, .91) through GDCM's "gdcmconv --raw" (OpenJPEG inside). Part 2 multi-component (.92,
/// .93) and High-Throughput JPEG 2000 (.201-.203) are not offered: the installed GDCM does not decode them. A
/// managed codec can replace this factory in <see cref="PixelDecoder.CreateDefault"/> without touching callers.
/// </summary>
public sealed class GdcmconvFrameDecoderFactory : IFrameDecoderFactory
{
    public const string ToolName = "gdcmconv";

    private readonly ExternalTranscoder? _transcoder;

    /// <summary>Uses gdcmconv from PATH; without it, JPEG 2000 is unsupported.</summary>
    public GdcmconvFrameDecoderFactory()
        : this(ExecutableSearch.FindOnPath(ToolName))
    {
    }

    /// <summary>Uses the given executable; a null or missing path leaves JPEG 2000 unsupported.</summary>
    public GdcmconvFrameDecoderFactory(string? executablePath, ExternalToolOptions? options = null)
    {
        ExecutablePath = executablePath is not null && ExecutableSearch.IsExecutable(executablePath) ? executablePath : null;
        _transcoder = ExecutablePath is null
            ? null
            : new ExternalTranscoder(ToolName, ExecutablePath, options ?? ExternalToolOptions.Default, (input, output) => ["--raw", input, output]);
    }

    /// <summary>The executable this factory runs, or null when it has none.</summary>
    public string? ExecutablePath { get; }

    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return _transcoder is not null && (syntax.Uid == DicomTransferSyntax.Jpeg2000Lossless.Uid || syntax.Uid == DicomTransferSyntax.Jpeg2000.Uid);
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
