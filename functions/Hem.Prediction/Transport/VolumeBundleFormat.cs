using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Hem.Dicom.Series;

namespace Hem.Prediction.Transport;

/// <summary>
/// The binary form of a <see cref="VolumeBundle"/> (docs/INFERENCE-API.md): the 4 bytes "HEMV", the header's length
/// (uint32, little endian), the JSON header, then each block's values, little endian, in the header's order. The
/// reader checks the header against its limits and against the length the sender declared before it allocates the
/// data, and reads exactly the bytes the header promises.
/// </summary>
public static class VolumeBundleFormat
{
    private const int ChunkBytes = 1 << 16;

    private static ReadOnlySpan<byte> Magic => "HEMV"u8;

    /// <summary>Bytes of the binary form before the JSON header.</summary>
    public const int PreambleBytes = 8;

    public static async Task WriteAsync(Stream stream, VolumeBundle bundle, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(bundle);
        RequireLittleEndian();
        long voxels = bundle.Geometry.Size.VoxelCount;
        foreach (var block in bundle.Blocks)
        {
            Array? typed = block.DataType switch
            {
                BundleDataType.Float32 => block.AsFloat32,
                BundleDataType.Int16 => block.AsInt16,
                _ => block.AsUInt8,
            };
            if (block.Values.LongLength != voxels || typed is null)
            {
                throw new ArgumentException($"block '{block.Name}' does not hold {voxels} {VolumeBundleHeader.DataTypeName(block.DataType)} values", nameof(bundle));
            }
        }

        byte[] header = JsonSerializer.SerializeToUtf8Bytes(VolumeBundleHeader.Of(bundle), VolumeBundleHeader.Json);
        var preamble = new byte[PreambleBytes];
        Magic.CopyTo(preamble);
        BinaryPrimitives.WriteUInt32LittleEndian(preamble.AsSpan(4), (uint)header.Length);
        await stream.WriteAsync(preamble, cancellationToken);
        await stream.WriteAsync(header, cancellationToken);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            foreach (var block in bundle.Blocks)
            {
                long total = block.Values.LongLength * VolumeBundleHeader.ElementSize(block.DataType);
                for (long offset = 0; offset < total; offset += ChunkBytes)
                {
                    int n = (int)Math.Min(ChunkBytes, total - offset);
                    BytesOf(block.Values).Slice((int)offset, n).CopyTo(chunk);
                    await stream.WriteAsync(chunk.AsMemory(0, n), cancellationToken);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>The bundle's length in bytes, for a Content-Length.</summary>
    public static long Length(VolumeBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        long header = JsonSerializer.SerializeToUtf8Bytes(VolumeBundleHeader.Of(bundle), VolumeBundleHeader.Json).LongLength;
        return PreambleBytes + header + bundle.Blocks.Sum(b => b.Values.LongLength * VolumeBundleHeader.ElementSize(b.DataType));
    }

    /// <summary>
    /// Reads one bundle. <paramref name="declaredLength"/> is the sender's length (a Content-Length), checked against
    /// the header before any data is read; null when unknown. Faults are <see cref="VolumeBundleException"/>s.
    /// </summary>
    public static async Task<VolumeBundle> ReadAsync(Stream stream, long? declaredLength, BundleLimits limits, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(limits);
        RequireLittleEndian();
        var preamble = new byte[PreambleBytes];
        await ReadExactlyAsync(stream, preamble, "the preamble", cancellationToken);
        if (!preamble.AsSpan(0, 4).SequenceEqual(Magic))
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, "the body is not a volume bundle: it does not start with \"HEMV\"");
        }

        uint headerLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble.AsSpan(4));
        if (headerLength == 0 || headerLength > BundleLimits.MaxHeaderBytes)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, $"the header length {headerLength} is not between 1 and {BundleLimits.MaxHeaderBytes} bytes");
        }

        var headerBytes = new byte[headerLength];
        await ReadExactlyAsync(stream, headerBytes, "the header", cancellationToken);
        var header = ParseHeader(headerBytes);
        var geometry = Geometry(header.Geometry);
        var types = BlockTypes(header, limits);
        long voxels = geometry.Size.VoxelCount;
        if (voxels > limits.MaxVoxels)
        {
            throw new VolumeBundleException(BundleProblem.TooLarge, $"the grid {geometry.Size} has {voxels} voxels; at most {limits.MaxVoxels} are accepted");
        }

        long dataBytes = types.Sum(t => voxels * VolumeBundleHeader.ElementSize(t));
        long expected = PreambleBytes + headerLength + dataBytes;
        if (declaredLength is { } declared && declared != expected)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, $"the body is {declared} bytes but its header describes {expected}");
        }

        var blocks = new List<BundleBlock>(types.Count);
        for (int b = 0; b < types.Count; b++)
        {
            string name = header.Blocks[b].Name;
            Array values = VolumeBundleHeader.NewValues(types[b], voxels);
            await ReadValuesAsync(stream, values, $"block '{name}'", cancellationToken);
            blocks.Add(new BundleBlock(name, types[b], values));
        }

        if (declaredLength is null && await stream.ReadAsync(new byte[1], cancellationToken) > 0)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, $"the body goes on past the {expected} bytes its header describes");
        }

        return new VolumeBundle(geometry, blocks);
    }

    private static VolumeBundleHeader ParseHeader(byte[] bytes)
    {
        VolumeBundleHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<VolumeBundleHeader>(bytes, VolumeBundleHeader.Json);
        }
        catch (JsonException ex)
        {
            // JsonException's message names the path and position in the header, never a voxel value.
            throw new VolumeBundleException(BundleProblem.Corrupt, $"the header is not valid: {ex.Message}", ex);
        }
        catch (DecoderFallbackException ex)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, "the header is not UTF-8", ex);
        }

        if (header is null)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, "the header is null");
        }

        if (header.Version != VolumeBundleHeader.CurrentVersion)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, $"bundle version {header.Version} is not supported (this reader knows {VolumeBundleHeader.CurrentVersion})");
        }

        return header;
    }

    private static VolumeGeometry Geometry(HeaderGeometry g)
    {
        if (g.Size.X <= 0 || g.Size.Y <= 0 || g.Size.Z <= 0)
        {
            throw new VolumeBundleException(BundleProblem.WrongShape, $"the grid size {g.Size.X} x {g.Size.Y} x {g.Size.Z} has an axis that is not positive");
        }

        try
        {
            return new VolumeGeometry(new GridSize(g.Size.X, g.Size.Y, g.Size.Z), g.SpacingMm.ToVector(), g.OriginMm.ToVector(), g.RowDirection.ToVector(), g.ColumnDirection.ToVector(), g.SliceDirection.ToVector());
        }
        catch (ArgumentException ex)
        {
            throw new VolumeBundleException(BundleProblem.WrongGeometry, $"the geometry is not valid: {ex.Message}", ex);
        }
    }

    private static List<BundleDataType> BlockTypes(VolumeBundleHeader header, BundleLimits limits)
    {
        if (header.Blocks.Count == 0 || header.Blocks.Count > limits.MaxBlocks)
        {
            throw new VolumeBundleException(BundleProblem.WrongShape, $"the bundle has {header.Blocks.Count} blocks; 1 to {limits.MaxBlocks} are accepted");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var types = new List<BundleDataType>();
        foreach (var block in header.Blocks)
        {
            if (!names.Add(block.Name))
            {
                throw new VolumeBundleException(BundleProblem.WrongShape, $"block '{block.Name}' appears twice");
            }

            types.Add(VolumeBundleHeader.DataType(block.Dtype)
                ?? throw new VolumeBundleException(BundleProblem.WrongDataType, $"block '{block.Name}' has dtype '{block.Dtype}'; the format knows float32, uint8 and int16"));
        }

        return types;
    }

    private static async Task ReadValuesAsync(Stream stream, Array values, string what, CancellationToken cancellationToken)
    {
        long total = BytesOf(values).Length;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (long offset = 0; offset < total;)
            {
                int want = (int)Math.Min(ChunkBytes, total - offset);
                int read = await stream.ReadAtLeastAsync(chunk.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                if (read < want)
                {
                    throw new VolumeBundleException(BundleProblem.Corrupt, $"the body ends inside {what}: {offset + read} of its {total} bytes arrived");
                }

                chunk.AsSpan(0, read).CopyTo(BytesOf(values).Slice((int)offset, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static async Task ReadExactlyAsync(Stream stream, byte[] buffer, string what, CancellationToken cancellationToken)
    {
        int read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        if (read < buffer.Length)
        {
            throw new VolumeBundleException(BundleProblem.Corrupt, $"the body ends inside {what}: {read} of {buffer.Length} bytes");
        }
    }

    private static Span<byte> BytesOf(Array values) => values switch
    {
        float[] f => MemoryMarshal.AsBytes(f.AsSpan()),
        byte[] b => b.AsSpan(),
        short[] s => MemoryMarshal.AsBytes(s.AsSpan()),
        _ => throw new ArgumentException("blocks hold float[], byte[] or short[]", nameof(values)),
    };

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("volume bundles are little endian and are copied as they lie in memory");
        }
    }
}
