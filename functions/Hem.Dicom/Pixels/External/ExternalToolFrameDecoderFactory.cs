namespace Hem.Dicom.Pixels.External;

/// <summary>
/// Decodes a compressed transfer syntax by running an installed transcoder that writes uncompressed DICOM:
/// DCMTK's dcmdjpls for JPEG-LS and GDCM's "gdcmconv --raw" (OpenJPEG inside) for JPEG 2000. Without the tool the
/// factory decodes nothing and the syntax is reported unsupported. A managed codec can replace either instance in
/// <see cref="PixelDecoder.CreateDefault"/> without touching callers.
/// </summary>
public sealed class ExternalToolFrameDecoderFactory : IFrameDecoderFactory
{
    public const string DcmdjplsTool = "dcmdjpls";
    public const string GdcmconvTool = "gdcmconv";

    private readonly ExternalTranscoder? _transcoder;
    private readonly HashSet<string> _syntaxUids;

    private ExternalToolFrameDecoderFactory(string toolName, string? executablePath, IEnumerable<DicomTransferSyntax> syntaxes,
        Func<string, string, IReadOnlyList<string>> arguments, ExternalToolOptions? options)
    {
        ExecutablePath = executablePath is not null && ExecutableSearch.IsExecutable(executablePath) ? executablePath : null;
        _syntaxUids = syntaxes.Select(s => s.Uid).ToHashSet(StringComparer.Ordinal);
        _transcoder = ExecutablePath is null ? null : new ExternalTranscoder(toolName, ExecutablePath, options ?? ExternalToolOptions.Default, arguments);
    }

    /// <summary>The executable this factory runs, or null when it has none.</summary>
    public string? ExecutablePath { get; }

    /// <summary>
    /// JPEG-LS (.80 lossless, .81 near-lossless). Not GDCM: it returns wrong pixels without error for fragmented
    /// multi-frame JPEG-LS (NEMA CT0012). A null or missing path leaves JPEG-LS unsupported.
    /// </summary>
    public static ExternalToolFrameDecoderFactory Dcmdjpls(string? executablePath, ExternalToolOptions? options = null) =>
        new(DcmdjplsTool, executablePath, [DicomTransferSyntax.JpegLsLossless, DicomTransferSyntax.JpegLsNearLossless],
            (input, output) => [input, output], options);

    /// <summary>
    /// JPEG 2000 (.90 lossless, .91). Part 2 multi-component (.92, .93) and High-Throughput JPEG 2000 (.201-.203)
    /// are not offered: the installed GDCM does not decode them. A null or missing path leaves JPEG 2000 unsupported.
    /// </summary>
    public static ExternalToolFrameDecoderFactory Gdcmconv(string? executablePath, ExternalToolOptions? options = null) =>
        new(GdcmconvTool, executablePath, [DicomTransferSyntax.Jpeg2000Lossless, DicomTransferSyntax.Jpeg2000],
            (input, output) => ["--raw", input, output], options);

    public bool CanDecode(DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(syntax);
        return _transcoder is not null && _syntaxUids.Contains(syntax.Uid);
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
