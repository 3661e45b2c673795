using System.Buffers.Binary;
using System.Text;

namespace Hem.Dicom;

/// <summary>
/// Writes Part 10 files in explicit VR little endian (or a dataset alone). The meta group is rebuilt with a correct
/// group length; values are padded to even length with the VR's padding byte; sequences and items are written
/// with defined lengths. Encapsulated pixel data is written as read, under the source transfer syntax.
/// </summary>
public static class DicomWriter
{
    private static readonly DicomTag MetaGroupLength = new(0x0002, 0x0000);
    private static readonly DicomTag MetaVersion = new(0x0002, 0x0001);
    private static readonly DicomTag MediaStorageSopClassUid = new(0x0002, 0x0002);
    private static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);
    private static readonly DicomTag ImplementationClassUidTag = new(0x0002, 0x0012);
    private static readonly DicomTag ImplementationVersionNameTag = new(0x0002, 0x0013);
    private static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    private static readonly DicomTag SopInstanceUid = new(0x0008, 0x0018);

    /// <summary>
    /// Writes a Part 10 file: preamble, meta group, dataset. A dataset with encapsulated pixel data keeps its
    /// compressed transfer syntax; otherwise it is written explicit VR little endian.
    /// </summary>
    public static async Task WriteFileAsync(string path, DicomDataset dataset, DicomTransferSyntax? transferSyntax = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await stream.WriteAsync(ToPart10Bytes(dataset, transferSyntax), cancellationToken);
    }

    public static byte[] ToPart10Bytes(DicomDataset dataset, DicomTransferSyntax? transferSyntax = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var syntax = ChooseSyntax(dataset, transferSyntax);
        var meta = BuildMeta(dataset, syntax);
        using var output = new MemoryStream();
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        WriteDataset(output, meta);
        WriteDataset(output, dataset, skipMeta: true);
        return output.ToArray();
    }

    /// <summary>The dataset alone, explicit VR little endian, without preamble or meta group.</summary>
    public static byte[] ToDatasetBytes(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var output = new MemoryStream();
        WriteDataset(output, dataset, skipMeta: true);
        return output.ToArray();
    }

    private static DicomTransferSyntax ChooseSyntax(DicomDataset dataset, DicomTransferSyntax? requested)
    {
        bool encapsulated = dataset[DicomTag.PixelData] is DicomFragmentSequence;
        if (encapsulated)
        {
            if (requested is null || !requested.Encapsulated)
            {
                throw new ArgumentException("encapsulated pixel data must be written under its compressed transfer syntax", nameof(requested));
            }

            return requested;
        }

        return DicomTransferSyntax.ExplicitVRLittleEndian;
    }

    private static DicomDataset BuildMeta(DicomDataset dataset, DicomTransferSyntax syntax)
    {
        string sopClass = dataset.GetString(SopClassUid) ?? throw new ArgumentException("the dataset has no SOP Class UID (0008,0016)", nameof(dataset));
        string sopInstance = dataset.GetString(SopInstanceUid) ?? throw new ArgumentException("the dataset has no SOP Instance UID (0008,0018)", nameof(dataset));
        var meta = new DicomDataset();
        meta.Set(new DicomValueElement(MetaVersion, DicomVR.OB, new byte[] { 0, 1 }));
        meta.SetString(MediaStorageSopClassUid, DicomVR.UI, sopClass);
        meta.SetString(MediaStorageSopInstanceUid, DicomVR.UI, sopInstance);
        meta.SetString(DicomFile.TransferSyntaxUidTag, DicomVR.UI, syntax.Uid);
        meta.SetString(ImplementationClassUidTag, DicomVR.UI, DicomUid.ImplementationClassUid);
        meta.SetString(ImplementationVersionNameTag, DicomVR.SH, DicomUid.ImplementationVersionName);
        using var body = new MemoryStream();
        WriteDataset(body, meta);
        byte[] length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)body.Length);
        meta.Set(new DicomValueElement(MetaGroupLength, DicomVR.UL, length));
        return meta;
    }

    private static void WriteDataset(Stream output, DicomDataset dataset, bool skipMeta = false)
    {
        foreach (var element in dataset.Elements)
        {
            // Group lengths (other than the meta group's) are retired and recomputing them is error-prone; omit them.
            if ((skipMeta && element.Tag.IsFileMeta) || (element.Tag.IsGroupLength && !element.Tag.IsFileMeta))
            {
                continue;
            }

            WriteElement(output, element);
        }
    }

    private static void WriteElement(Stream output, DicomElement element)
    {
        switch (element)
        {
            case DicomValueElement value:
                WriteValue(output, value);
                break;
            case DicomSequence sequence:
                WriteSequence(output, sequence);
                break;
            case DicomFragmentSequence fragments:
                WriteFragments(output, fragments);
                break;
            default:
                throw new InvalidOperationException($"unknown element type {element.GetType().Name}");
        }
    }

    private static void WriteValue(Stream output, DicomValueElement element)
    {
        var vr = element.VR == DicomVR.None ? DicomVR.UN : element.VR;
        var bytes = element.Bytes.Span;
        bool pad = (bytes.Length & 1) == 1;
        long length = bytes.Length + (pad ? 1 : 0);
        if (!vr.HasLongLength && length > ushort.MaxValue)
        {
            // Too long for a 16-bit length: UN carries any value with a 32-bit length (PS3.5 6.2.2).
            vr = DicomVR.UN;
        }

        WriteHeader(output, element.Tag, vr, (uint)length);
        output.Write(bytes);
        if (pad)
        {
            output.WriteByte(vr.PaddingByte);
        }
    }

    private static void WriteSequence(Stream output, DicomSequence sequence)
    {
        // Items are serialised first so their lengths are known: defined lengths are what every reader accepts.
        var items = sequence.Items.Select(item =>
        {
            using var buffer = new MemoryStream();
            WriteDataset(buffer, item);
            return buffer.ToArray();
        }).ToList();
        long total = items.Sum(i => 8L + i.Length);
        WriteHeader(output, sequence.Tag, DicomVR.SQ, checked((uint)total));
        foreach (byte[] item in items)
        {
            WriteItemHeader(output, DicomTag.Item, (uint)item.Length);
            output.Write(item);
        }
    }

    private static void WriteFragments(Stream output, DicomFragmentSequence fragments)
    {
        WriteHeader(output, fragments.Tag, DicomVR.OB, 0xFFFFFFFF);
        WriteItemHeader(output, DicomTag.Item, (uint)fragments.OffsetTable.Length);
        output.Write(fragments.OffsetTable.Span);
        foreach (var fragment in fragments.Fragments)
        {
            bool pad = (fragment.Length & 1) == 1;
            WriteItemHeader(output, DicomTag.Item, (uint)(fragment.Length + (pad ? 1 : 0)));
            output.Write(fragment.Span);
            if (pad)
            {
                output.WriteByte(0);
            }
        }

        WriteItemHeader(output, DicomTag.SequenceDelimitation, 0);
    }

    private static void WriteHeader(Stream output, DicomTag tag, DicomVR vr, uint length)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        Encoding.ASCII.GetBytes(vr.Code, header[4..6]);
        if (vr.HasLongLength)
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            output.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            output.Write(header[..8]);
        }
    }

    private static void WriteItemHeader(Stream output, DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        output.Write(header);
    }
}
