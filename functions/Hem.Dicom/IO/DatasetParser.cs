using System.Buffers.Binary;

namespace Hem.Dicom;

/// <summary>
/// The element-level parser. It keeps an explicit stack of open sequences and items instead of recursing, so a
/// hostile file cannot exhaust the call stack, and it checks every declared length against the bytes that are
/// actually there before slicing, so a lying header costs nothing.
/// </summary>
internal sealed class DatasetParser(ReadOnlyMemory<byte> buffer, DatasetEncoding rootEncoding, DicomReadOptions options, bool skipMetaGroup)
{
    private const uint Undefined = 0xFFFFFFFF;
    private static readonly DicomTag PixelRepresentationTag = new(0x0028, 0x0103);
    private static readonly DicomTag BitsAllocatedTag = new(0x0028, 0x0100);

    private abstract class Frame(long end, DatasetEncoding encoding)
    {
        /// <summary>Offset just past the value, or -1 for undefined length (ends at a delimiter).</summary>
        public long End { get; } = end;

        public DatasetEncoding Encoding { get; } = encoding;
    }

    private sealed class ItemFrame(DicomDataset dataset, long end, DatasetEncoding encoding, bool isRoot) : Frame(end, encoding)
    {
        public DicomDataset Dataset { get; } = dataset;

        public bool IsRoot { get; } = isRoot;
    }

    private sealed class SequenceFrame(DicomSequence sequence, DicomDataset owner, long end, DatasetEncoding encoding) : Frame(end, encoding)
    {
        public DicomSequence Sequence { get; } = sequence;

        public DicomDataset Owner { get; } = owner;
    }

    private readonly record struct Header(DicomTag Tag, DicomVR VR, uint Length, int Size);

    private bool _stoppedAtPixelData;

    /// <summary>Parses into <paramref name="root"/>; returns whether it stopped at the pixel data as the options asked.</summary>
    public bool Parse(DicomDataset root)
    {
        var stack = new Stack<Frame>();
        stack.Push(new ItemFrame(root, buffer.Length, rootEncoding, isRoot: true));
        int sequenceDepth = 0;
        long position = 0;
        while (stack.Count > 0)
        {
            var frame = stack.Peek();
            if (frame.End >= 0 && position >= frame.End)
            {
                if (position > frame.End)
                {
                    throw new DicomFormatException($"an element overruns its enclosing item or sequence at byte offset {frame.End}");
                }

                Pop(stack, ref sequenceDepth);
                continue;
            }

            if (position >= buffer.Length)
            {
                if (frame is ItemFrame { IsRoot: true })
                {
                    stack.Pop();
                    continue;
                }

                throw new DicomFormatException($"the data ends inside an undefined-length {(frame is SequenceFrame s ? "sequence " + s.Sequence.Tag : "item")}: the file is truncated");
            }

            if (buffer.Length - position < 8)
            {
                if (frame is ItemFrame { IsRoot: true })
                {
                    // Fewer bytes than any element header after the last element: trailing padding some writers add.
                    stack.Pop();
                    continue;
                }

                throw new DicomFormatException($"truncated element header at byte offset {position} ({buffer.Length - position} bytes left)");
            }

            position = frame switch
            {
                SequenceFrame sequence => ReadSequenceContent(sequence, position, stack, ref sequenceDepth),
                ItemFrame item => ReadItemContent(item, position, stack, ref sequenceDepth),
                _ => throw new InvalidOperationException(),
            };
        }

        return _stoppedAtPixelData;
    }

    /// <summary>Reads one element that is not a sequence (file meta information); returns the next offset.</summary>
    public int ReadSingleElement(int position, DicomDataset dataset)
    {
        var header = ReadHeader(position, rootEncoding, dataset);
        if (header.Length == Undefined)
        {
            throw new DicomFormatException($"file meta element {header.Tag} has undefined length");
        }

        long start = position + header.Size;
        CheckFits(header, start, buffer.Length);
        dataset.TryAdd(new DicomValueElement(header.Tag, header.VR, buffer.Slice((int)start, (int)header.Length)));
        return (int)(start + header.Length);
    }

    private static void Pop(Stack<Frame> stack, ref int sequenceDepth)
    {
        if (stack.Pop() is SequenceFrame)
        {
            sequenceDepth--;
        }
    }

    private long ReadSequenceContent(SequenceFrame frame, long position, Stack<Frame> stack, ref int sequenceDepth)
    {
        var span = buffer.Span;
        var tag = ReadTag(span, position, frame.Encoding);
        uint length = ReadUInt32(span, position + 4, frame.Encoding);
        if (tag == DicomTag.Item)
        {
            var item = new DicomDataset(frame.Owner);
            frame.Sequence.Add(item);
            long start = position + 8;
            long end = -1;
            if (length != Undefined)
            {
                end = start + length;
                long limit = frame.End >= 0 ? frame.End : buffer.Length;
                if (end > limit)
                {
                    throw new DicomFormatException($"an item of sequence {frame.Sequence.Tag} declares {length} bytes but only {limit - start} remain");
                }
            }

            stack.Push(new ItemFrame(item, end, frame.Encoding, isRoot: false));
            return start;
        }

        if (tag == DicomTag.SequenceDelimitation)
        {
            Pop(stack, ref sequenceDepth);
            return position + 8;
        }

        throw new DicomFormatException($"unexpected tag {tag} inside sequence {frame.Sequence.Tag} at byte offset {position}");
    }

    private long ReadItemContent(ItemFrame frame, long position, Stack<Frame> stack, ref int sequenceDepth)
    {
        var span = buffer.Span;
        var tag = ReadTag(span, position, frame.Encoding);
        if (tag == DicomTag.ItemDelimitation)
        {
            if (frame.End < 0 && !frame.IsRoot)
            {
                stack.Pop();
            }

            return position + 8;
        }

        if (tag == DicomTag.SequenceDelimitation)
        {
            if (!frame.IsRoot)
            {
                // An undefined-length item closed by its sequence's delimiter: the item delimiter is missing.
                // The sequence frame beneath consumes the delimiter.
                stack.Pop();
                return position;
            }

            return position + 8;
        }

        if (tag == DicomTag.Item)
        {
            throw new DicomFormatException($"an item tag appears outside a sequence at byte offset {position}");
        }

        var header = ReadHeader(position, frame.Encoding, frame.Dataset);
        if (options.StopBeforePixelData && frame.IsRoot && tag == DicomTag.PixelData)
        {
            _stoppedAtPixelData = true;
            stack.Clear();
            return buffer.Length;
        }

        long start = position + header.Size;
        long limit = frame.End >= 0 ? frame.End : buffer.Length;
        if (tag == DicomTag.PixelData && header.Length == Undefined)
        {
            return ReadFragments(frame, header, start);
        }

        bool sequence = header.VR == DicomVR.SQ
            || (header.Length == Undefined && (header.VR == DicomVR.UN || !frame.Encoding.ExplicitVR));
        var sequenceEncoding = frame.Encoding;
        if (!sequence && header.VR == DicomVR.UN && header.Length >= 8 && start + header.Length <= limit
            && frame.Encoding.LittleEndian && ReadTag(span, start, DatasetEncoding.ImplicitLittle) == DicomTag.Item
            && (tag.IsPrivate || DicomDictionary.Default.DefaultVR(tag) == DicomVR.SQ))
        {
            // A sequence whose VR was lost: private and implicit, or converted to UN by a system that did not
            // know it. Its content is implicit VR little endian (PS3.5 6.2.2, CP-246).
            sequence = true;
        }

        if (sequence)
        {
            if (header.VR == DicomVR.UN || !frame.Encoding.ExplicitVR)
            {
                sequenceEncoding = DatasetEncoding.ImplicitLittle;
            }

            if (header.Length != Undefined)
            {
                CheckFits(header, start, limit);
            }

            if (++sequenceDepth > options.MaxSequenceDepth)
            {
                throw new DicomFormatException($"sequences are nested deeper than {options.MaxSequenceDepth} levels");
            }

            var element = new DicomSequence(tag);
            Add(frame.Dataset, element);
            stack.Push(new SequenceFrame(element, frame.Dataset, header.Length == Undefined ? -1 : start + header.Length, sequenceEncoding));
            return start;
        }

        if (header.Length == Undefined)
        {
            throw new DicomFormatException($"element {tag} ({header.VR}) has undefined length but is not a sequence or pixel data");
        }

        CheckFits(header, start, limit);
        var value = buffer.Slice((int)start, (int)header.Length);
        if (header.VR == DicomVR.UN && frame.Encoding.LittleEndian && KnownVR(tag) is { } known)
        {
            // UN values are little endian implicit encodings, so an attribute the dictionary knows can take its VR back.
            header = header with { VR = known };
        }

        if (!frame.Encoding.LittleEndian)
        {
            value = ToLittleEndian(value, SwapUnit(header, frame.Dataset));
        }

        Add(frame.Dataset, new DicomValueElement(tag, header.VR, value));
        return start + header.Length;
    }

    private long ReadFragments(ItemFrame frame, Header header, long position)
    {
        var span = buffer.Span;
        ReadOnlyMemory<byte>? offsetTable = null;
        var fragments = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            if (buffer.Length - position < 8)
            {
                throw new DicomFormatException("encapsulated pixel data is truncated: no sequence delimiter");
            }

            var tag = ReadTag(span, position, frame.Encoding);
            uint length = ReadUInt32(span, position + 4, frame.Encoding);
            position += 8;
            if (tag == DicomTag.SequenceDelimitation)
            {
                break;
            }

            if (tag != DicomTag.Item || length == Undefined)
            {
                throw new DicomFormatException($"encapsulated pixel data holds {tag} where a fragment item was expected");
            }

            if (length > buffer.Length - position)
            {
                throw new DicomFormatException($"a pixel data fragment declares {length} bytes but only {buffer.Length - position} remain");
            }

            var value = buffer.Slice((int)position, (int)length);
            if (offsetTable is null)
            {
                offsetTable = value;
            }
            else
            {
                fragments.Add(value);
            }

            position += length;
        }

        Add(frame.Dataset, new DicomFragmentSequence(header.Tag, header.VR, offsetTable ?? ReadOnlyMemory<byte>.Empty, fragments));
        return position;
    }

    private void Add(DicomDataset dataset, DicomElement element)
    {
        // A second file meta group inside the dataset is ignored: the first one read wins.
        if (skipMetaGroup && element.Tag.IsFileMeta)
        {
            return;
        }

        dataset.TryAdd(element);
    }

    private Header ReadHeader(long position, DatasetEncoding encoding, DicomDataset dataset)
    {
        var span = buffer.Span;
        var tag = ReadTag(span, position, encoding);
        if (encoding.ExplicitVR && DicomVR.TryParse(span[(int)position + 4], span[(int)position + 5], out var vr))
        {
            if (!vr.HasLongLength)
            {
                return new Header(tag, vr, ReadUInt16(span, position + 6, encoding), 8);
            }

            if (buffer.Length - position < 12)
            {
                throw new DicomFormatException($"truncated element header at byte offset {position}");
            }

            return new Header(tag, vr, ReadUInt32(span, position + 8, encoding), 12);
        }

        if (encoding.ExplicitVR && ShortFormFits(span, position, tag, encoding))
        {
            // VR bytes that are not a VR (a known GE defect writes two spaces): DCMTK reads such an element with
            // the short 2-byte length, which is right when the next tag follows in ascending order.
            return new Header(tag, ImplicitVR(tag, dataset), ReadUInt16(span, position + 6, encoding), 8);
        }

        // Implicit VR, or an implicit element inside an explicit-VR file (another writer defect): the four bytes
        // after the tag are the length.
        uint length = ReadUInt32(span, position + 4, encoding);
        return new Header(tag, ImplicitVR(tag, dataset), length, 8);
    }

    private bool ShortFormFits(ReadOnlySpan<byte> span, long position, DicomTag tag, DatasetEncoding encoding)
    {
        long next = position + 8 + ReadUInt16(span, position + 6, encoding);
        if (next == buffer.Length)
        {
            return true;
        }

        if (next + 4 > buffer.Length)
        {
            return false;
        }

        var following = ReadTag(span, next, encoding);
        return following > tag || following.Group == 0xFFFE;
    }

    private static DicomVR? KnownVR(DicomTag tag)
    {
        if (tag.IsPrivate || !DicomDictionary.Default.TryGet(tag, out var entry) || entry.ValueRepresentations.Count != 1)
        {
            return null;
        }

        var vr = entry.ValueRepresentations[0];
        return vr == DicomVR.SQ || vr == DicomVR.UN || vr == DicomVR.None ? null : vr;
    }

    private static DicomVR ImplicitVR(DicomTag tag, DicomDataset dataset)
    {
        if (tag.IsGroupLength)
        {
            return DicomVR.UL;
        }

        if (tag.IsPrivateCreator)
        {
            return DicomVR.LO;
        }

        if (!DicomDictionary.Default.TryGet(tag, out var entry) || entry.ValueRepresentations.Count == 0)
        {
            return DicomVR.UN;
        }

        var candidates = entry.ValueRepresentations;
        if (candidates.Count == 1)
        {
            return candidates[0];
        }

        if (candidates.Contains(DicomVR.SS) && candidates.Contains(DicomVR.US))
        {
            return dataset.GetInteger(PixelRepresentationTag) == 1 ? DicomVR.SS : DicomVR.US;
        }

        // "OB or OW": implicit VR little endian pixel data is OW (PS3.5 A.1).
        return candidates.Contains(DicomVR.OW) ? DicomVR.OW : candidates[0];
    }

    private static int SwapUnit(Header header, DicomDataset dataset)
    {
        if (header.Tag != DicomTag.PixelData || header.VR != DicomVR.OW)
        {
            return header.VR.SwapUnit;
        }

        // Big endian OW pixel data is swapped in units of the pixel size, not always 16 bits.
        long bitsAllocated = dataset.GetInteger(BitsAllocatedTag) ?? 16;
        return bitsAllocated switch { 32 => 4, 64 => 8, _ => 2 };
    }

    private static ReadOnlyMemory<byte> ToLittleEndian(ReadOnlyMemory<byte> value, int unit)
    {
        if (unit <= 1)
        {
            return value;
        }

        byte[] copy = value.ToArray();
        for (int i = 0; i + unit <= copy.Length; i += unit)
        {
            Array.Reverse(copy, i, unit);
        }

        return copy;
    }

    private static void CheckFits(Header header, long start, long limit)
    {
        if (start + header.Length > limit)
        {
            throw new DicomFormatException(
                $"element {header.Tag} declares {header.Length} bytes but only {Math.Max(0, limit - start)} remain at byte offset {start}");
        }
    }

    private static DicomTag ReadTag(ReadOnlySpan<byte> span, long position, DatasetEncoding encoding) =>
        new(ReadUInt16(span, position, encoding), ReadUInt16(span, position + 2, encoding));

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, long position, DatasetEncoding encoding) =>
        encoding.LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span[(int)position..]) : BinaryPrimitives.ReadUInt16BigEndian(span[(int)position..]);

    private static uint ReadUInt32(ReadOnlySpan<byte> span, long position, DatasetEncoding encoding) =>
        encoding.LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span[(int)position..]) : BinaryPrimitives.ReadUInt32BigEndian(span[(int)position..]);
}
