using System.Buffers.Binary;

namespace Hem.Dicom.Segmentation;

/// <summary>Binary value elements (US, UL, AT), little endian as <see cref="DicomValueElement"/> holds every value.</summary>
internal static class BinaryValues
{
    public static DicomValueElement UnsignedShorts(DicomTag tag, params ushort[] values)
    {
        byte[] bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        }

        return new DicomValueElement(tag, DicomVR.US, bytes);
    }

    public static DicomValueElement UnsignedLongs(DicomTag tag, params uint[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return new DicomValueElement(tag, DicomVR.UL, bytes);
    }

    /// <summary>An AT value: group then element, each a 16-bit little endian number (PS3.5 6.2).</summary>
    public static DicomValueElement AttributeTag(DicomTag tag, DicomTag value)
    {
        byte[] bytes = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), value.Element);
        return new DicomValueElement(tag, DicomVR.AT, bytes);
    }
}
