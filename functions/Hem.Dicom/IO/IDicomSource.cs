namespace Hem.Dicom;

/// <summary>
/// Somewhere one DICOM object can be read from, as often as needed: a file on disk, a zip entry. Series assembly
/// reads every header first and the pixels later, so a source must be readable more than once.
/// </summary>
public interface IDicomSource
{
    Task<DicomFile> ReadAsync(DicomReadOptions options, CancellationToken cancellationToken);

    /// <summary>The object's bytes, possibly in a pooled buffer, for a caller that parses, decodes and drops them.</summary>
    Task<PooledBytes> ReadBytesAsync(long maxBytes, CancellationToken cancellationToken);
}

/// <summary>A DICOM file on disk.</summary>
public sealed class DicomFileSource : IDicomSource
{
    public DicomFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
    }

    public string Path { get; }

    public Task<DicomFile> ReadAsync(DicomReadOptions options, CancellationToken cancellationToken) =>
        DicomReader.ReadFileAsync(Path, options, cancellationToken);

    public Task<PooledBytes> ReadBytesAsync(long maxBytes, CancellationToken cancellationToken) =>
        PooledBytes.ReadFileAsync(Path, maxBytes, cancellationToken);

    /// <summary>Every file under a folder and its subfolders, in ordinal path order; which are DICOM is found later.</summary>
    public static IReadOnlyList<IDicomSource> FromFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        return Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => (IDicomSource)new DicomFileSource(path))
            .ToList();
    }
}
