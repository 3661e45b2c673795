using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Hem.Dicom.Series;

namespace Hem.Imaging.Nifti;

/// <summary>
/// The fields of a NIfTI-1 header that place and decode the voxels, parsed and checked: a 3D single-file image
/// (magic <c>n+1</c>), either byte order, a supported datatype, positive dimensions, a voxel offset inside the
/// file's layout, millimetre units. Nothing here trusts a size before checking it.
/// </summary>
public sealed class NiftiHeaderFields
{
    private const int Nifti2HeaderSize = 540;
    private const int MinimumVoxelOffset = 352;

    private NiftiHeaderFields()
    {
    }

    public bool BigEndian { get; private init; }

    public GridSize Size { get; private init; }

    public NiftiDataType DataType { get; private init; }

    public int BytesPerVoxel { get; private init; }

    /// <summary>pixdim[0..3]: qfac, then the voxel spacing.</summary>
    public double Qfac { get; private init; }

    public Vector3D Pixdim { get; private init; }

    public long VoxelOffset { get; private init; }

    /// <summary>The effective slope and intercept: (1, 0) when scl_slope is 0 or not finite (unscaled, per nifti1.h).</summary>
    public double Slope { get; private init; } = 1;

    public double Intercept { get; private init; }

    public bool IsScaled => Slope != 1 || Intercept != 0;

    public short QformCode { get; private init; }

    public short SformCode { get; private init; }

    public double QuaternionB { get; private init; }

    public double QuaternionC { get; private init; }

    public double QuaternionD { get; private init; }

    public Vector3D QOffset { get; private init; }

    /// <summary>srow_x, srow_y, srow_z as 12 values, row by row (RAS).</summary>
    public IReadOnlyList<double> Srow { get; private init; } = [];

    public string Description { get; private init; } = string.Empty;

    public long VoxelBytes => Size.VoxelCount * BytesPerVoxel;

    /// <summary>Parses the first 348 bytes of a file.</summary>
    public static NiftiHeaderFields Parse(ReadOnlySpan<byte> header, NiftiReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (header.Length < NiftiHeader.HeaderSize)
        {
            throw new NiftiFormatException($"the file ends after {header.Length} bytes, inside the {NiftiHeader.HeaderSize}-byte NIfTI-1 header");
        }

        int sizeLittle = BinaryPrimitives.ReadInt32LittleEndian(header);
        int sizeBig = BinaryPrimitives.ReadInt32BigEndian(header);
        if (sizeLittle == Nifti2HeaderSize || sizeBig == Nifti2HeaderSize)
        {
            throw new NiftiFormatException("the file is NIfTI-2 (sizeof_hdr 540); only NIfTI-1 is read");
        }

        if (sizeLittle != NiftiHeader.HeaderSize && sizeBig != NiftiHeader.HeaderSize)
        {
            throw new NiftiFormatException("sizeof_hdr is not 348 in either byte order: not a NIfTI-1 file");
        }

        var reader = new FieldReader(header, bigEndian: sizeLittle != NiftiHeader.HeaderSize);
        var magic = header.Slice(344, 4);
        if (magic.SequenceEqual("ni1\0"u8))
        {
            throw new NiftiFormatException("magic 'ni1' marks a two-file (.hdr/.img) image; only single .nii or .nii.gz files are read");
        }

        if (!magic.SequenceEqual("n+1\0"u8))
        {
            throw new NiftiFormatException("magic is not 'n+1': not a single-file NIfTI-1 image");
        }

        var size = ReadSize(reader);
        var dataType = (NiftiDataType)reader.Int16(70);
        int bytesPerVoxel = BytesOf(dataType);
        if (reader.Int16(72) != bytesPerVoxel * 8)
        {
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"bitpix {reader.Int16(72)} does not match datatype {dataType} ({bytesPerVoxel * 8} bits)"));
        }

        long voxelBytes = size.VoxelCount * bytesPerVoxel;
        if (size.VoxelCount > Array.MaxLength || voxelBytes > options.MaxVoxelBytes)
        {
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"a {size} grid of {dataType} is {voxelBytes} bytes, above the limit of {options.MaxVoxelBytes}"));
        }

        double offset = reader.Single(108);
        if (!(offset >= MinimumVoxelOffset) || offset > int.MaxValue || offset != Math.Floor(offset))
        {
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"vox_offset {offset} is not a whole number of bytes at or after 352"));
        }

        int units = header[123] & 0x07;
        if (units is not (0 or 2))
        {
            // nibabel ignores units when it builds the affine; refusing keeps the two readers in agreement.
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"xyzt_units gives space in code {units}, not millimetres"));
        }

        var srow = new double[12];
        for (int i = 0; i < srow.Length; i++)
        {
            srow[i] = reader.Single(280 + (4 * i));
        }

        double slope = reader.Single(112);
        double intercept = reader.Single(116);
        bool scaled = slope != 0 && double.IsFinite(slope);
        return new NiftiHeaderFields
        {
            BigEndian = reader.BigEndian,
            Size = size,
            DataType = dataType,
            BytesPerVoxel = bytesPerVoxel,
            Qfac = reader.Single(76),
            Pixdim = new Vector3D(reader.Single(80), reader.Single(84), reader.Single(88)),
            VoxelOffset = (long)offset,
            Slope = scaled ? slope : 1,
            Intercept = scaled && double.IsFinite(intercept) ? intercept : 0,
            QformCode = reader.Int16(252),
            SformCode = reader.Int16(254),
            QuaternionB = reader.Single(256),
            QuaternionC = reader.Single(260),
            QuaternionD = reader.Single(264),
            QOffset = new Vector3D(reader.Single(268), reader.Single(272), reader.Single(276)),
            Srow = srow,
            Description = Encoding.ASCII.GetString(header.Slice(148, 80)).TrimEnd('\0').Trim(),
        };
    }

    private static GridSize ReadSize(FieldReader reader)
    {
        int rank = reader.Int16(40);
        if (rank is < 1 or > 7)
        {
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"dim[0] is {rank}, not 1 to 7"));
        }

        Span<int> dims = stackalloc int[7];
        for (int i = 0; i < 7; i++)
        {
            dims[i] = i < rank ? reader.Int16(42 + (2 * i)) : 1;
            if (dims[i] < 1)
            {
                throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"dim[{i + 1}] is {dims[i]}; dimensions must be positive"));
            }
        }

        for (int i = 3; i < 7; i++)
        {
            if (dims[i] != 1)
            {
                throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"dim[{i + 1}] is {dims[i]}: only 3D images (one volume) are read"));
            }
        }

        return new GridSize(dims[0], dims[1], dims[2]);
    }

    private static int BytesOf(NiftiDataType dataType) => dataType switch
    {
        NiftiDataType.Unsigned8 or NiftiDataType.Signed8 => 1,
        NiftiDataType.Signed16 or NiftiDataType.Unsigned16 => 2,
        NiftiDataType.Signed32 or NiftiDataType.Real32 => 4,
        NiftiDataType.Real64 => 8,
        _ => throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"datatype {(short)dataType} is not one of uint8, int8, int16, uint16, int32, float32, float64")),
    };

    /// <summary>Reads header fields in the file's byte order.</summary>
    private readonly ref struct FieldReader(ReadOnlySpan<byte> header, bool bigEndian)
    {
        private readonly ReadOnlySpan<byte> _header = header;

        public bool BigEndian { get; } = bigEndian;

        public short Int16(int offset) => BigEndian
            ? BinaryPrimitives.ReadInt16BigEndian(_header[offset..])
            : BinaryPrimitives.ReadInt16LittleEndian(_header[offset..]);

        public float Single(int offset) => BigEndian
            ? BinaryPrimitives.ReadSingleBigEndian(_header[offset..])
            : BinaryPrimitives.ReadSingleLittleEndian(_header[offset..]);
    }
}
