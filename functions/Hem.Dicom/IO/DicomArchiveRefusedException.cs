namespace Hem.Dicom;

/// <summary>Why a zip was refused before anything in it was read.</summary>
public enum ArchiveRefusal
{
    /// <summary>An entry's name is absolute or climbs out of the archive folder with "..".</summary>
    PathTraversal,

    /// <summary>An entry, or the archive as a whole, inflates far more than real images do: a zip bomb.</summary>
    ZipBomb,

    /// <summary>Too many entries, an entry too large, or too many bytes in all.</summary>
    TooLarge,
}

/// <summary>
/// A zip refused as a whole because of how it is built, not because of what its entries hold: such an archive
/// was not made by a PACS export. Like every <see cref="DicomFormatException"/>, the message names entries by
/// number and never by name.
/// </summary>
public sealed class DicomArchiveRefusedException : DicomFormatException
{
    public DicomArchiveRefusedException()
    {
    }

    public DicomArchiveRefusedException(string message)
        : base(message)
    {
    }

    public DicomArchiveRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DicomArchiveRefusedException(string message, ArchiveRefusal refusal)
        : base(message)
    {
        Refusal = refusal;
    }

    public ArchiveRefusal Refusal { get; } = ArchiveRefusal.TooLarge;
}
