using System.Buffers.Binary;

namespace Hem.Dicom.Pixels;

/// <summary>
/// The compressed bytes of each frame of encapsulated pixel data (PS3.5 A.4). Frames are located, in order of
/// trust, by the Basic Offset Table, the Extended Offset Table, one fragment per frame, all fragments for a single
/// frame, or else by splitting where a fragment begins a new codestream. Every offset is checked against the
/// fragments actually present before anything is sliced.
/// </summary>
public sealed class EncapsulatedFrames
{
    /// <summary>Bytes of an item header (tag and length) in front of every fragment.</summary>
    private const int ItemHeaderBytes = 8;

    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _fragments;
    private readonly FrameSpan[] _frames;

    private EncapsulatedFrames(IReadOnlyList<ReadOnlyMemory<byte>> fragments, FrameSpan[] frames)
    {
        _fragments = fragments;
        _frames = frames;
    }

    /// <summary>Fragments [First, First + Count); Length trims the single fragment an Extended Offset Table names, -1 otherwise.</summary>
    private readonly record struct FrameSpan(int First, int Count, long Length);

    public int Count => _frames.Length;

    /// <summary>Locates the frames of the dataset's encapsulated Pixel Data.</summary>
    public static EncapsulatedFrames Locate(DicomDataset dataset, int numberOfFrames, DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(syntax);
        if (dataset[DicomTag.PixelData] is not DicomFragmentSequence pixels)
        {
            throw new DicomFormatException($"Pixel Data {DicomTag.PixelData} is not encapsulated although transfer syntax {syntax.Uid} requires it");
        }

        var extended = dataset[DicomTags.ExtendedOffsetTable] as DicomValueElement;
        var lengths = dataset[DicomTags.ExtendedOffsetTableLengths] as DicomValueElement;
        return Locate(pixels, extended?.Bytes ?? ReadOnlyMemory<byte>.Empty, lengths?.Bytes ?? ReadOnlyMemory<byte>.Empty, numberOfFrames, syntax);
    }

    /// <summary>Locates frames given the fragment sequence and the Extended Offset Table values (empty when absent).</summary>
    public static EncapsulatedFrames Locate(
        DicomFragmentSequence pixels,
        ReadOnlyMemory<byte> extendedOffsets,
        ReadOnlyMemory<byte> extendedLengths,
        int numberOfFrames,
        DicomTransferSyntax syntax)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(syntax);
        ArgumentOutOfRangeException.ThrowIfLessThan(numberOfFrames, 1);
        var fragments = pixels.Fragments;
        if (fragments.Count == 0)
        {
            throw new DicomFormatException("encapsulated Pixel Data (7FE0,0010) holds no fragments");
        }

        FrameSpan[] frames;
        if (!pixels.OffsetTable.IsEmpty)
        {
            frames = FromBasicOffsetTable(pixels.OffsetTable.Span, fragments, numberOfFrames);
        }
        else if (!extendedOffsets.IsEmpty)
        {
            frames = FromExtendedOffsetTable(extendedOffsets.Span, extendedLengths.Span, fragments, numberOfFrames);
        }
        else if (fragments.Count == numberOfFrames)
        {
            frames = [.. Enumerable.Range(0, numberOfFrames).Select(i => new FrameSpan(i, 1, -1))];
        }
        else if (numberOfFrames == 1)
        {
            frames = [new FrameSpan(0, fragments.Count, -1)];
        }
        else
        {
            frames = FromCodestreamStarts(fragments, numberOfFrames, syntax);
        }

        return new EncapsulatedFrames(fragments, frames);
    }

    /// <summary>Frame <paramref name="frame"/>'s codestream: a slice when it is one fragment, else the fragments joined.</summary>
    public ReadOnlyMemory<byte> GetFrame(int frame)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frame);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frame, _frames.Length);
        var span = _frames[frame];
        if (span.Count == 1)
        {
            var fragment = _fragments[span.First];
            return span.Length >= 0 ? fragment[..(int)span.Length] : fragment;
        }

        long total = 0;
        for (int i = span.First; i < span.First + span.Count; i++)
        {
            total += _fragments[i].Length;
        }

        if (total > Array.MaxLength)
        {
            throw new DicomFormatException($"frame {frame} spans {total} bytes of fragments, more than one buffer can hold");
        }

        byte[] joined = new byte[total];
        int offset = 0;
        for (int i = span.First; i < span.First + span.Count; i++)
        {
            _fragments[i].Span.CopyTo(joined.AsSpan(offset));
            offset += _fragments[i].Length;
        }

        return joined;
    }

    private static FrameSpan[] FromBasicOffsetTable(ReadOnlySpan<byte> table, IReadOnlyList<ReadOnlyMemory<byte>> fragments, int numberOfFrames)
    {
        if (table.Length % 4 != 0)
        {
            throw new DicomFormatException($"the Basic Offset Table is {table.Length} bytes, not a multiple of 4");
        }

        int entries = table.Length / 4;
        if (entries != numberOfFrames)
        {
            throw new DicomFormatException($"the Basic Offset Table lists {entries} frames but Number of Frames is {numberOfFrames}");
        }

        var offsets = new long[entries];
        for (int i = 0; i < entries; i++)
        {
            offsets[i] = BinaryPrimitives.ReadUInt32LittleEndian(table[(i * 4)..]);
        }

        return FromOffsets(offsets, null, fragments, "Basic Offset Table");
    }

    private static FrameSpan[] FromExtendedOffsetTable(ReadOnlySpan<byte> table, ReadOnlySpan<byte> lengthTable, IReadOnlyList<ReadOnlyMemory<byte>> fragments, int numberOfFrames)
    {
        if (table.Length % 8 != 0 || (!lengthTable.IsEmpty && lengthTable.Length != table.Length))
        {
            throw new DicomFormatException(
                $"the Extended Offset Table {DicomTags.ExtendedOffsetTable} is {table.Length} bytes and its lengths {DicomTags.ExtendedOffsetTableLengths} {lengthTable.Length}: they must be equal multiples of 8");
        }

        int entries = table.Length / 8;
        if (entries != numberOfFrames)
        {
            throw new DicomFormatException($"the Extended Offset Table lists {entries} frames but Number of Frames is {numberOfFrames}");
        }

        var offsets = new long[entries];
        long[]? lengths = lengthTable.IsEmpty ? null : new long[entries];
        for (int i = 0; i < entries; i++)
        {
            offsets[i] = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(table[(i * 8)..]));
            if (lengths is not null)
            {
                lengths[i] = ToLong(BinaryPrimitives.ReadUInt64LittleEndian(lengthTable[(i * 8)..]));
            }
        }

        return FromOffsets(offsets, lengths, fragments, "Extended Offset Table");
    }

    private static long ToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    /// <summary>
    /// Offsets count from the first byte of the first fragment's item tag, so fragment k starts at the sum of the
    /// earlier fragments' lengths plus their 8-byte item headers. Each offset must land exactly on a fragment.
    /// </summary>
    private static FrameSpan[] FromOffsets(long[] offsets, long[]? lengths, IReadOnlyList<ReadOnlyMemory<byte>> fragments, string table)
    {
        var fragmentAt = new Dictionary<long, int>(fragments.Count);
        long position = 0;
        for (int k = 0; k < fragments.Count; k++)
        {
            fragmentAt[position] = k;
            position += ItemHeaderBytes + fragments[k].Length;
        }

        var firsts = new int[offsets.Length];
        for (int i = 0; i < offsets.Length; i++)
        {
            if (i > 0 && offsets[i] <= offsets[i - 1])
            {
                throw new DicomFormatException($"{table} entry {i} (offset {offsets[i]}) does not follow entry {i - 1} (offset {offsets[i - 1]})");
            }

            if (!fragmentAt.TryGetValue(offsets[i], out firsts[i]))
            {
                throw new DicomFormatException(
                    $"{table} entry {i} (offset {offsets[i]}) does not point at the start of a fragment item ({fragments.Count} fragments, {position} bytes)");
            }
        }

        if (firsts[0] != 0)
        {
            throw new DicomFormatException($"{table} entry 0 is offset {offsets[0]}, but the first frame must start at the first fragment");
        }

        var frames = new FrameSpan[offsets.Length];
        for (int i = 0; i < offsets.Length; i++)
        {
            int next = i + 1 < offsets.Length ? firsts[i + 1] : fragments.Count;
            if (lengths is null)
            {
                frames[i] = new FrameSpan(firsts[i], next - firsts[i], -1);
                continue;
            }

            // With an Extended Offset Table each frame is one fragment; its length drops the fragment's padding.
            if (next - firsts[i] != 1 || lengths[i] > fragments[firsts[i]].Length)
            {
                throw new DicomFormatException(
                    $"{table} frame {i} declares {lengths[i]} bytes in {next - firsts[i]} fragments; it must be one fragment of at least that length ({fragments[firsts[i]].Length} bytes)");
            }

            frames[i] = new FrameSpan(firsts[i], 1, lengths[i]);
        }

        return frames;
    }

    private static FrameSpan[] FromCodestreamStarts(IReadOnlyList<ReadOnlyMemory<byte>> fragments, int numberOfFrames, DicomTransferSyntax syntax)
    {
        var starts = new List<int>();
        for (int k = 0; k < fragments.Count; k++)
        {
            if (CodestreamStart.Begins(syntax, fragments[k].Span))
            {
                starts.Add(k);
            }
        }

        if (starts.Count != numberOfFrames || starts[0] != 0)
        {
            throw new DicomFormatException(
                $"cannot find the frames of {syntax.Uid}: no offset table, {fragments.Count} fragments for {numberOfFrames} frames, and {starts.Count} fragments begin a codestream");
        }

        var frames = new FrameSpan[numberOfFrames];
        for (int i = 0; i < numberOfFrames; i++)
        {
            int next = i + 1 < numberOfFrames ? starts[i + 1] : fragments.Count;
            frames[i] = new FrameSpan(starts[i], next - starts[i], -1);
        }

        return frames;
    }
}
