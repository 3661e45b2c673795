using System.Diagnostics.CodeAnalysis;
using Hem.Dicom.Series;

namespace Hem.Prediction.Transport;

/// <summary>
/// Named voxel blocks on one grid: what the inference service receives and returns (docs/INFERENCE-API.md,
/// "Volume bundle"). Each block holds one value per voxel, x fastest, then y, then z.
/// </summary>
public sealed record VolumeBundle(VolumeGeometry Geometry, IReadOnlyList<BundleBlock> Blocks)
{
    /// <summary>The media type of the binary form.</summary>
    public const string MediaType = "application/vnd.hem.volume-bundle";

    /// <summary>The block with this name, or null.</summary>
    public BundleBlock? Find(string name) => Blocks.FirstOrDefault(b => b.Name == name);
}

/// <summary>One block: a name, and float32, uint8 or int16 values.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "the names are the format's dtypes")]
public sealed record BundleBlock(string Name, BundleDataType DataType, Array Values)
{
    public static BundleBlock Float32(string name, float[] values) => new(name, BundleDataType.Float32, values);

    public static BundleBlock UInt8(string name, byte[] values) => new(name, BundleDataType.UInt8, values);

    public static BundleBlock Int16(string name, short[] values) => new(name, BundleDataType.Int16, values);

    public float[]? AsFloat32 => Values as float[];

    public byte[]? AsUInt8 => Values as byte[];

    public short[]? AsInt16 => Values as short[];
}

/// <summary>The element types a block may have.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "the names are the format's dtypes")]
public enum BundleDataType
{
    Float32,
    UInt8,

    /// <summary>Signed 16-bit: CT in Hounsfield units on the study's grid (the pipeline's work files; the model takes none).</summary>
    Int16,
}
