using System.Buffers.Binary;
using System.Text;
using Hem.Dicom.Series;

namespace Hem.Imaging.Nifti;

/// <summary>
/// The 348-byte NIfTI-1 header plus the 4-byte extension flag (no extensions), little endian, for a single-file
/// image (.nii) whose voxels start at byte 352. Both qform and sform are "scanner anatomical" (code 1), units mm.
/// </summary>
public static class NiftiHeader
{
    public const int HeaderSize = 348;
    public const int VoxelOffset = 352;

    private const short ScannerAnatomical = 1;
    private const byte UnitsMillimetre = 2;

    public static byte[] Create(VolumeGeometry geometry, NiftiDataType dataType, string description)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(description);
        var orientation = RasOrientation.From(geometry);
        var size = geometry.Size;
        byte[] header = new byte[VoxelOffset];
        var span = header.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(span, HeaderSize);
        header[38] = (byte)'r'; // "regular": kept for old readers, as nifti1.h asks.

        short[] dim = [3, Checked(size.X), Checked(size.Y), Checked(size.Z), 1, 1, 1, 1];
        for (int i = 0; i < dim.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(span[(40 + (2 * i))..], dim[i]);
        }

        BinaryPrimitives.WriteInt16LittleEndian(span[70..], (short)dataType);
        BinaryPrimitives.WriteInt16LittleEndian(span[72..], BitsPerVoxel(dataType));

        float[] pixdim = [(float)orientation.Qfac, (float)geometry.Spacing.X, (float)geometry.Spacing.Y, (float)geometry.Spacing.Z, 1, 1, 1, 1];
        for (int i = 0; i < pixdim.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(76 + (4 * i))..], pixdim[i]);
        }

        BinaryPrimitives.WriteSingleLittleEndian(span[108..], VoxelOffset);
        BinaryPrimitives.WriteSingleLittleEndian(span[112..], 1); // scl_slope: values are stored as they are.
        BinaryPrimitives.WriteSingleLittleEndian(span[116..], 0); // scl_inter
        header[123] = UnitsMillimetre; // xyzt_units: space in mm, no time axis

        var text = Encoding.ASCII.GetBytes(description);
        text.AsSpan(0, Math.Min(text.Length, 79)).CopyTo(span[148..]);

        BinaryPrimitives.WriteInt16LittleEndian(span[252..], ScannerAnatomical); // qform_code
        BinaryPrimitives.WriteInt16LittleEndian(span[254..], ScannerAnatomical); // sform_code
        BinaryPrimitives.WriteSingleLittleEndian(span[256..], orientation.QuaternionB);
        BinaryPrimitives.WriteSingleLittleEndian(span[260..], orientation.QuaternionC);
        BinaryPrimitives.WriteSingleLittleEndian(span[264..], orientation.QuaternionD);
        for (int r = 0; r < 3; r++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(span[(268 + (4 * r))..], (float)orientation[r, 3]); // qoffset_x, y, z
            for (int c = 0; c < 4; c++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(span[(280 + (16 * r) + (4 * c))..], (float)orientation[r, c]); // srow_x, y, z
            }
        }

        "n+1\0"u8.CopyTo(span[344..]);
        // Bytes 348-351: the extension flag, all zero: no extensions follow.
        return header;
    }

    public static short BitsPerVoxel(NiftiDataType dataType) => dataType switch
    {
        NiftiDataType.Unsigned8 => 8,
        NiftiDataType.Signed16 => 16,
        NiftiDataType.Real32 => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "not a datatype this writer produces"),
    };

    private static short Checked(int length) =>
        length <= short.MaxValue ? (short)length : throw new ArgumentOutOfRangeException(nameof(length), $"NIfTI-1 dimensions stop at {short.MaxValue} voxels; this axis has {length}");
}
