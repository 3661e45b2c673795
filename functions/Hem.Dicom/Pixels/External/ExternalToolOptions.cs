namespace Hem.Dicom.Pixels.External;

/// <summary>How an external transcoder is run.</summary>
public sealed record ExternalToolOptions
{
    public static ExternalToolOptions Default { get; } = new();

    /// <summary>The tool is killed and the frame refused when it runs longer than this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where the private working folder is created; the system temporary folder when null.</summary>
    public string? TemporaryRoot { get; init; }
}
