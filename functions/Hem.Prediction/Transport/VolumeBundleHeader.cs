using System.Text.Json;
using System.Text.Json.Serialization;
using Hem.Dicom.Series;

namespace Hem.Prediction.Transport;

/// <summary>The JSON header of a volume bundle, as it lies on the wire.</summary>
internal sealed record VolumeBundleHeader(int Version, HeaderGeometry Geometry, IReadOnlyList<HeaderBlock> Blocks)
{
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    public static VolumeBundleHeader Of(VolumeBundle bundle)
    {
        var g = bundle.Geometry;
        var geometry = new HeaderGeometry(
            new HeaderSize(g.Size.X, g.Size.Y, g.Size.Z),
            HeaderVector.Of(g.Spacing),
            HeaderVector.Of(g.Origin),
            HeaderVector.Of(g.RowDirection),
            HeaderVector.Of(g.ColumnDirection),
            HeaderVector.Of(g.SliceDirection));
        return new VolumeBundleHeader(CurrentVersion, geometry, [.. bundle.Blocks.Select(b => new HeaderBlock(b.Name, DataTypeName(b.DataType)))]);
    }

    public static string DataTypeName(BundleDataType type) => type switch
    {
        BundleDataType.Float32 => "float32",
        BundleDataType.UInt8 => "uint8",
        BundleDataType.Int16 => "int16",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static BundleDataType? DataType(string name) => name switch
    {
        "float32" => BundleDataType.Float32,
        "uint8" => BundleDataType.UInt8,
        "int16" => BundleDataType.Int16,
        _ => null,
    };

    public static int ElementSize(BundleDataType type) => type switch
    {
        BundleDataType.Float32 => sizeof(float),
        BundleDataType.Int16 => sizeof(short),
        _ => sizeof(byte),
    };

    /// <summary>A new array for <paramref name="count"/> values of the type.</summary>
    public static Array NewValues(BundleDataType type, long count) => type switch
    {
        BundleDataType.Float32 => new float[count],
        BundleDataType.Int16 => new short[count],
        _ => new byte[count],
    };
}

internal sealed record HeaderGeometry(HeaderSize Size, HeaderVector SpacingMm, HeaderVector OriginMm, HeaderVector RowDirection, HeaderVector ColumnDirection, HeaderVector SliceDirection);

internal sealed record HeaderSize(int X, int Y, int Z);

internal sealed record HeaderVector(double X, double Y, double Z)
{
    public static HeaderVector Of(Vector3D v) => new(v.X, v.Y, v.Z);

    public Vector3D ToVector() => new(X, Y, Z);
}

internal sealed record HeaderBlock(string Name, string Dtype);
