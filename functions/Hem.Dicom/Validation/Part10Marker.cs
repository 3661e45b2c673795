namespace Hem.Dicom.Validation;

/// <summary>
/// Tells a damaged DICOM file from a file that never was one, for a source whose header could not be read: a
/// Part 10 file carries "DICM" after its 128-byte preamble. Damaged DICOM may be a slice of the chosen series;
/// anything else (a PDF, a readme) is passed over.
/// </summary>
internal static class Part10Marker
{
    private const int MarkerOffset = 128;

    public static async Task<bool> MayBeDicomAsync(IDicomSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        byte[] prefix = new byte[MarkerOffset + 4];
        int length;
        try
        {
            if (source is DicomFileSource file)
            {
                // Only the prefix: a large file that is not DICOM is not read whole just to say so.
                await using var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
                length = await stream.ReadAtLeastAsync(prefix, prefix.Length, throwOnEndOfStream: false, cancellationToken);
            }
            else
            {
                using var bytes = await source.ReadBytesAsync(DicomReadOptions.Default.MaxFileBytes, cancellationToken);
                length = Math.Min(bytes.Memory.Length, prefix.Length);
                bytes.Memory.Span[..length].CopyTo(prefix);
            }
        }
        catch (DicomFormatException ex) when (ex is not DicomArchiveRefusedException)
        {
            // The bytes themselves cannot be had (damaged compressed data in a zip): it may have been anything.
            return true;
        }

        return length == prefix.Length && prefix.AsSpan(MarkerOffset).SequenceEqual("DICM"u8);
    }
}
