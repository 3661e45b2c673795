using System.IO.Compression;
using System.Runtime.InteropServices;
using Hem.Dicom.Series;

namespace Hem.Imaging.Nifti;

/// <summary>
/// Writes single-file NIfTI-1 images: <c>.nii</c>, or <c>.nii.gz</c> gzip-compressed. Voxels are written x
/// fastest, then y, then z, little endian, as the arrays hold them. The file appears only once complete.
/// </summary>
public static class NiftiWriter
{
    private const int ChunkBytes = 1 << 20;

    public static Task WriteAsync(string path, CtVolume volume, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(volume);
        return WriteAsync(path, volume.Geometry, volume.Voxels, "HemFunctions CT (HU)", cancellationToken);
    }

    public static Task WriteAsync(string path, VolumeGeometry geometry, ReadOnlyMemory<short> voxels, string description, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(path, geometry, voxels, NiftiDataType.Signed16, description, cancellationToken);

    public static Task WriteAsync(string path, VolumeGeometry geometry, ReadOnlyMemory<float> voxels, string description, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(path, geometry, voxels, NiftiDataType.Real32, description, cancellationToken);

    public static Task WriteAsync(string path, VolumeGeometry geometry, ReadOnlyMemory<byte> voxels, string description, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(path, geometry, voxels, NiftiDataType.Unsigned8, description, cancellationToken);

    /// <summary>Whether <paramref name="path"/> names a file this writer can produce (.nii or .nii.gz).</summary>
    public static bool IsNiftiPath(string path) =>
        path is not null && (path.EndsWith(".nii", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".nii.gz", StringComparison.OrdinalIgnoreCase));

    private static async Task WriteCoreAsync<T>(string path, VolumeGeometry geometry, ReadOnlyMemory<T> voxels, NiftiDataType dataType, string description, CancellationToken cancellationToken)
        where T : unmanaged
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(description);
        if (!IsNiftiPath(path))
        {
            throw new ArgumentException("a NIfTI file name ends in .nii or .nii.gz", nameof(path));
        }

        if (voxels.Length != geometry.Size.VoxelCount)
        {
            throw new ArgumentException($"{voxels.Length} voxels do not fill a {geometry.Size} grid", nameof(voxels));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("the NIfTI writer copies voxels as they lie in memory, which must be little endian");
        }

        byte[] header = NiftiHeader.Create(geometry, dataType, description);
        bool compressed = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        await AtomicFile.WriteAsync(path, async (file, token) =>
        {
            var output = compressed ? new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true) : file;
            try
            {
                await output.WriteAsync(header, token);
                await WriteVoxelsAsync(output, voxels, token);
            }
            finally
            {
                if (compressed)
                {
                    await output.DisposeAsync();
                }
            }
        }, cancellationToken);
    }

    private static async Task WriteVoxelsAsync<T>(Stream output, ReadOnlyMemory<T> voxels, CancellationToken cancellationToken)
        where T : unmanaged
    {
        // Copy through a byte buffer: a span over the voxels cannot live across an await.
        byte[] buffer = new byte[ChunkBytes];
        int perChunk = ChunkBytes / Marshal.SizeOf<T>();
        for (int start = 0; start < voxels.Length; start += perChunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int count = Math.Min(perChunk, voxels.Length - start);
            int bytes = CopyBytes(voxels.Span.Slice(start, count), buffer);
            await output.WriteAsync(buffer.AsMemory(0, bytes), cancellationToken);
        }
    }

    private static int CopyBytes<T>(ReadOnlySpan<T> values, byte[] buffer)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(values);
        bytes.CopyTo(buffer);
        return bytes.Length;
    }
}
