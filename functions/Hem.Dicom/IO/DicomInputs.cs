namespace Hem.Dicom;

/// <summary>What a command's input path names: a folder of files, a zip of them, or one file.</summary>
public static class DicomInputs
{
    /// <summary>Whether the path is a file starting with the zip local-header signature.</summary>
    public static bool IsZip(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\x03\x04"u8);
    }

    /// <summary>Every file under a folder (recursively, ordinal order), or the one file named.</summary>
    public static IReadOnlyList<IDicomSource> Sources(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return DicomFileSource.FromFolder(path);
        }

        return File.Exists(path) ? [new DicomFileSource(path)] : throw new FileNotFoundException("the input is neither a folder nor a file");
    }
}
