namespace Hem.Dicom;

/// <summary>A Part 10 file (or a bare dataset): its file meta information, its dataset and how it was encoded.</summary>
public sealed class DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax)
{
    public static readonly DicomTag TransferSyntaxUidTag = new(0x0002, 0x0010);

    /// <summary>Group 0002; empty for a bare dataset without meta information.</summary>
    public DicomDataset FileMetaInformation { get; } = fileMetaInformation;

    public DicomDataset Dataset { get; } = dataset;

    public DicomTransferSyntax TransferSyntax { get; } = transferSyntax;
}

/// <summary>Limits and switches for reading. The defaults suit hospital exports and refuse hostile input.</summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Stop at the top-level Pixel Data element: for reading headers of a whole series quickly.</summary>
    public bool StopBeforePixelData { get; init; }

    /// <summary>Sequences nested deeper than this are refused; real objects nest a handful of levels.</summary>
    public int MaxSequenceDepth { get; init; } = 128;

    /// <summary>A deflated dataset that inflates beyond this is refused (a deflate bomb).</summary>
    public long MaxInflatedBytes { get; init; } = 1L << 30;

    /// <summary>Files larger than this are refused before they are read into memory.</summary>
    public long MaxFileBytes { get; init; } = 2L << 30;
}
