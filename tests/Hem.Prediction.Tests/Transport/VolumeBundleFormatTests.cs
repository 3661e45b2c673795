using System.Buffers.Binary;
using System.Text;
using Hem.Dicom.Series;
using Hem.Prediction.Transport;

namespace Hem.Prediction.Tests.Transport;

public sealed class VolumeBundleFormatTests
{
    private static readonly VolumeGeometry Tilted = new(
        new GridSize(5, 4, 3),
        new Vector3D(1.5, 1.5, 1.5),
        new Vector3D(-12.25, 30.5, 101.75),
        new Vector3D(Math.Cos(0.3), Math.Sin(0.3), 0),
        new Vector3D(-Math.Sin(0.3), Math.Cos(0.3), 0),
        new Vector3D(0, 0, 1));

    private static VolumeBundle Sample()
    {
        var floats = Enumerable.Range(0, 60).Select(i => (i * 0.37f) - 3.1f).ToArray();
        var bytes = Enumerable.Range(0, 60).Select(i => (byte)(i * 7)).ToArray();
        return new VolumeBundle(Tilted, [BundleBlock.Float32("a", floats), BundleBlock.UInt8("b", bytes)]);
    }

    private static async Task<byte[]> WriteAsync(VolumeBundle bundle)
    {
        using var stream = new MemoryStream();
        await VolumeBundleFormat.WriteAsync(stream, bundle, TestContext.Current.CancellationToken);
        return stream.ToArray();
    }

    private static Task<VolumeBundle> ReadAsync(byte[] bytes, long? declared) =>
        VolumeBundleFormat.ReadAsync(new MemoryStream(bytes), declared, BundleLimits.Default, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_bundle_reads_back_with_its_geometry_and_values_exactly()
    {
        var bundle = Sample();
        byte[] bytes = await WriteAsync(bundle);

        var read = await ReadAsync(bytes, bytes.Length);

        Assert.Equal(VolumeBundleFormat.Length(bundle), bytes.Length);
        Assert.Equal(Tilted.Size, read.Geometry.Size);
        Assert.Equal(Tilted.Origin, read.Geometry.Origin);
        Assert.Equal(Tilted.RowDirection, read.Geometry.RowDirection);
        Assert.Equal(Tilted.ColumnDirection, read.Geometry.ColumnDirection);
        Assert.Equal(bundle.Blocks[0].AsFloat32, read.Find("a")!.AsFloat32);
        Assert.Equal(bundle.Blocks[1].AsUInt8, read.Find("b")!.AsUInt8);
    }

    [Fact]
    public async Task An_int16_block_is_two_little_endian_bytes_a_value_and_reads_back_exactly()
    {
        short[] hounsfield = [.. Enumerable.Range(0, 60).Select(i => (short)((i * 1111) - 32768))];
        var bundle = new VolumeBundle(Tilted, [BundleBlock.Int16("ct", hounsfield), BundleBlock.UInt8("b", new byte[60])]);
        byte[] bytes = await WriteAsync(bundle);

        var read = await ReadAsync(bytes, bytes.Length);

        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        Assert.Contains("{\"name\":\"ct\",\"dtype\":\"int16\"}", Encoding.UTF8.GetString(bytes, 8, headerLength), StringComparison.Ordinal);
        Assert.Equal(-32768 + 1111, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(8 + headerLength + 2)));
        Assert.Equal(8 + headerLength + (60 * 2) + 60, bytes.Length);
        Assert.Equal(BundleDataType.Int16, read.Find("ct")!.DataType);
        Assert.Equal(hounsfield, read.Find("ct")!.AsInt16);
    }

    [Fact]
    public async Task The_layout_is_magic_length_json_then_little_endian_values()
    {
        byte[] bytes = await WriteAsync(Sample());

        Assert.Equal("HEMV"u8.ToArray(), bytes[..4]);
        int headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        string header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        Assert.StartsWith("{\"version\":1,\"geometry\":{\"size\":{\"x\":5,\"y\":4,\"z\":3}", header, StringComparison.Ordinal);
        Assert.Contains("\"blocks\":[{\"name\":\"a\",\"dtype\":\"float32\"},{\"name\":\"b\",\"dtype\":\"uint8\"}]", header, StringComparison.Ordinal);
        int data = 8 + headerLength;
        Assert.Equal(-3.1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(data)));
        Assert.Equal(0.37f - 3.1f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(data + 4)));
        Assert.Equal(7, bytes[data + (60 * 4) + 1]);
        Assert.Equal(data + (60 * 5), bytes.Length);
    }

    [Fact]
    public async Task Without_a_declared_length_truncation_and_trailing_bytes_are_found_in_the_stream()
    {
        byte[] bytes = await WriteAsync(Sample());

        var truncated = await Assert.ThrowsAsync<VolumeBundleException>(() => ReadAsync(bytes[..^1], null));
        var trailing = await Assert.ThrowsAsync<VolumeBundleException>(() => ReadAsync([.. bytes, 9], null));

        Assert.Equal(BundleProblem.Corrupt, truncated.Problem);
        Assert.Contains("ends inside block 'b': 59 of its 60 bytes", truncated.Message, StringComparison.Ordinal);
        Assert.Equal(BundleProblem.Corrupt, trailing.Problem);
        Assert.Contains("goes on past", trailing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_version_and_a_repeated_block_are_refused()
    {
        byte[] bytes = await WriteAsync(Sample());
        string header = Encoding.UTF8.GetString(bytes, 8, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));

        var version = await Assert.ThrowsAsync<VolumeBundleException>(() => ReadAsync(Rewrite(bytes, header.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal)), null));
        var repeated = await Assert.ThrowsAsync<VolumeBundleException>(() => ReadAsync(Rewrite(bytes, header.Replace("\"name\":\"b\"", "\"name\":\"a\"", StringComparison.Ordinal)), null));

        Assert.Contains("bundle version 2 is not supported", version.Message, StringComparison.Ordinal);
        Assert.Equal(BundleProblem.WrongShape, repeated.Problem);
        Assert.Contains("'a' appears twice", repeated.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Too_many_voxels_are_refused_from_the_header()
    {
        byte[] bytes = await WriteAsync(Sample());

        var ex = await Assert.ThrowsAsync<VolumeBundleException>(() => VolumeBundleFormat.ReadAsync(new MemoryStream(bytes), null, new BundleLimits(59), TestContext.Current.CancellationToken));

        Assert.Equal(BundleProblem.TooLarge, ex.Problem);
        Assert.Contains("has 60 voxels; at most 59", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] Rewrite(byte[] bytes, string header)
    {
        int oldLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4));
        byte[] h = Encoding.UTF8.GetBytes(header);
        var result = new byte[8 + h.Length + (bytes.Length - 8 - oldLength)];
        bytes.AsSpan(0, 4).CopyTo(result);
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), (uint)h.Length);
        h.CopyTo(result, 8);
        bytes.AsSpan(8 + oldLength).CopyTo(result.AsSpan(8 + h.Length));
        return result;
    }
}
