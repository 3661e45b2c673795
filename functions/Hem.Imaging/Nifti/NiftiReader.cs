using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Nifti;

/// <summary>
/// Reads single-file NIfTI-1 images (<c>.nii</c>, or gzip-compressed <c>.nii.gz</c>, recognised by content) into
/// LPS volumes: the exact inverse of <see cref="NiftiWriter"/> up to the header's float32 precision. The header is
/// checked (<see cref="NiftiHeaderFields"/>) before the voxel array is allocated, and an uncompressed file must be
/// long enough for what it declares; a compressed one that ends early is an error too.
/// </summary>
public static class NiftiReader
{
    private const int ChunkBytes = 1 << 20;

    /// <summary>Extensions between the header and the voxels are skipped; more than this is not an image header.</summary>
    private const long MaxExtensionBytes = 64L << 20;

    public static async Task<NiftiImage> ReadAsync(string path, NiftiReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= NiftiReadOptions.Default;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (file)
        {
            var magic = new byte[2];
            int got = await file.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
            bool compressed = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
            file.Position = 0;
            var input = compressed ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: true) : (Stream)file;
            try
            {
                return await ReadAsync(input, compressed ? null : file.Length, options, cancellationToken);
            }
            catch (InvalidDataException ex)
            {
                throw new NiftiFormatException("the gzip stream is damaged: " + ex.Message, ex);
            }
            finally
            {
                if (compressed)
                {
                    await input.DisposeAsync();
                }
            }
        }
    }

    private static async Task<NiftiImage> ReadAsync(Stream input, long? fileLength, NiftiReadOptions options, CancellationToken cancellationToken)
    {
        var headerBytes = new byte[NiftiHeader.HeaderSize];
        int read = await input.ReadAtLeastAsync(headerBytes, headerBytes.Length, throwOnEndOfStream: false, cancellationToken);
        var header = NiftiHeaderFields.Parse(headerBytes.AsSpan(0, read), options);
        var (geometry, source) = NiftiSpatialTransform.ToGeometry(header);

        long extensionBytes = header.VoxelOffset - NiftiHeader.HeaderSize;
        if (extensionBytes > MaxExtensionBytes)
        {
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"vox_offset {header.VoxelOffset} leaves {extensionBytes} bytes of extensions, more than {MaxExtensionBytes}"));
        }

        if (fileLength is { } length && length < header.VoxelOffset + header.VoxelBytes)
        {
            throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"the file has {length} bytes; its header declares {header.VoxelBytes} bytes of voxels from byte {header.VoxelOffset}"));
        }

        await SkipAsync(input, extensionBytes, cancellationToken);
        var decoder = VoxelDecoder.For(header);
        var buffer = new byte[ChunkBytes];
        long done = 0;
        while (done < header.VoxelBytes)
        {
            int wanted = (int)Math.Min(ChunkBytes, header.VoxelBytes - done);
            int got = await input.ReadAtLeastAsync(buffer.AsMemory(0, wanted), wanted, throwOnEndOfStream: false, cancellationToken);
            if (got < wanted)
            {
                throw new NiftiFormatException(string.Create(CultureInfo.InvariantCulture, $"the voxel data ends after {done + got} of {header.VoxelBytes} bytes"));
            }

            decoder.Decode(buffer.AsSpan(0, got), (int)(done / header.BytesPerVoxel));
            done += got;
        }

        return decoder.ToImage(header, geometry, source);
    }

    private static async Task SkipAsync(Stream input, long count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return;
        }

        var buffer = new byte[(int)Math.Min(count, ChunkBytes)];
        while (count > 0)
        {
            int got = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(count, buffer.Length)), cancellationToken);
            if (got == 0)
            {
                throw new NiftiFormatException("the file ends before vox_offset, where the voxels should start");
            }

            count -= got;
        }
    }

    /// <summary>Decodes chunks of raw voxel bytes into the array the image keeps (chunks hold whole voxels).</summary>
    private sealed class VoxelDecoder
    {
        private readonly NiftiHeaderFields _header;
        private readonly byte[]? _bytes;
        private readonly short[]? _shorts;
        private readonly float[]? _floats;

        private VoxelDecoder(NiftiHeaderFields header)
        {
            _header = header;
            long count = header.Size.VoxelCount;
            if (!header.IsScaled && header.DataType == NiftiDataType.Unsigned8)
            {
                _bytes = new byte[count];
            }
            else if (!header.IsScaled && header.DataType == NiftiDataType.Signed16)
            {
                _shorts = new short[count];
            }
            else
            {
                _floats = new float[count];
            }
        }

        public static VoxelDecoder For(NiftiHeaderFields header) => new(header);

        public void Decode(ReadOnlySpan<byte> chunk, int firstVoxel)
        {
            bool swap = _header.BigEndian;
            if (_bytes is not null)
            {
                chunk.CopyTo(_bytes.AsSpan(firstVoxel));
            }
            else if (_shorts is not null)
            {
                var target = _shorts.AsSpan(firstVoxel, chunk.Length / 2);
                chunk.CopyTo(MemoryMarshal.AsBytes(target));
                if (swap)
                {
                    BinaryPrimitives.ReverseEndianness(target, target);
                }
            }
            else if (!_header.IsScaled && _header.DataType == NiftiDataType.Real32)
            {
                var target = _floats.AsSpan(firstVoxel, chunk.Length / 4);
                chunk.CopyTo(MemoryMarshal.AsBytes(target));
                if (swap)
                {
                    var bits = MemoryMarshal.Cast<float, int>(target);
                    BinaryPrimitives.ReverseEndianness(bits, bits);
                }
            }
            else
            {
                DecodeScaled(chunk, _floats.AsSpan(firstVoxel, chunk.Length / _header.BytesPerVoxel));
            }
        }

        public NiftiImage ToImage(NiftiHeaderFields header, Dicom.Series.VolumeGeometry geometry, NiftiTransformSource source) =>
            new(
                header,
                source,
                _bytes is null ? null : new Volume<byte>(geometry, _bytes),
                _shorts is null ? null : new Volume<short>(geometry, _shorts),
                _floats is null ? null : new Volume<float>(geometry, _floats));

        private void DecodeScaled(ReadOnlySpan<byte> chunk, Span<float> target)
        {
            double slope = _header.Slope;
            double intercept = _header.Intercept;
            bool big = _header.BigEndian;
            int size = _header.BytesPerVoxel;
            var type = _header.DataType;
            for (int i = 0; i < target.Length; i++)
            {
                var raw = chunk.Slice(i * size, size);
                double value = type switch
                {
                    NiftiDataType.Unsigned8 => raw[0],
                    NiftiDataType.Signed8 => (sbyte)raw[0],
                    NiftiDataType.Signed16 => big ? BinaryPrimitives.ReadInt16BigEndian(raw) : BinaryPrimitives.ReadInt16LittleEndian(raw),
                    NiftiDataType.Unsigned16 => big ? BinaryPrimitives.ReadUInt16BigEndian(raw) : BinaryPrimitives.ReadUInt16LittleEndian(raw),
                    NiftiDataType.Signed32 => big ? BinaryPrimitives.ReadInt32BigEndian(raw) : BinaryPrimitives.ReadInt32LittleEndian(raw),
                    NiftiDataType.Real32 => big ? BinaryPrimitives.ReadSingleBigEndian(raw) : BinaryPrimitives.ReadSingleLittleEndian(raw),
                    _ => big ? BinaryPrimitives.ReadDoubleBigEndian(raw) : BinaryPrimitives.ReadDoubleLittleEndian(raw),
                };
                target[i] = (float)((value * slope) + intercept);
            }
        }
    }
}
