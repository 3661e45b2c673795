namespace Hem.Dicom;

/// <summary>One data element. Values are held little endian whatever the file's byte order.</summary>
public abstract class DicomElement(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;

    public DicomVR VR { get; } = vr;

    public override string ToString() => $"{Tag} {VR}";
}

/// <summary>An element holding a value (text, numbers or bytes), little endian.</summary>
public sealed class DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes) : DicomElement(tag, vr)
{
    public ReadOnlyMemory<byte> Bytes { get; } = bytes;

    public int Length => Bytes.Length;
}

/// <summary>A sequence of items, each a nested dataset.</summary>
public sealed class DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null) : DicomElement(tag, DicomVR.SQ)
{
    private readonly List<DicomDataset> _items = items is null ? [] : [.. items];

    public IReadOnlyList<DicomDataset> Items => _items;

    public void Add(DicomDataset item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _items.Add(item);
    }
}

/// <summary>
/// Encapsulated pixel data (PS3.5 A.4): the Basic Offset Table item followed by fragments, as stored.
/// </summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, IReadOnlyList<ReadOnlyMemory<byte>> fragments)
    : DicomElement(tag, vr)
{
    /// <summary>The Basic Offset Table item's value; empty when the table is absent.</summary>
    public ReadOnlyMemory<byte> OffsetTable { get; } = offsetTable;

    public IReadOnlyList<ReadOnlyMemory<byte>> Fragments { get; } = fragments;
}
