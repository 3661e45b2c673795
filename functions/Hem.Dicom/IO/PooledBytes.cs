using System.Buffers;

namespace Hem.Dicom;

/// <summary>
/// An object's bytes in a buffer that may come from the shared array pool: reading a series slice by slice then
/// reuses a handful of buffers instead of allocating one large-object-heap array per file. Nothing read from
/// <see cref="Memory"/> may be used after disposal.
/// </summary>
public sealed class PooledBytes : IDisposable
{
    private byte[]? _rented;

    private PooledBytes(byte[] array, int length, bool rented)
    {
        Memory = array.AsMemory(0, length);
        _rented = rented ? array : null;
    }

    public ReadOnlyMemory<byte> Memory { get; private set; }

    /// <summary>Bytes the caller allocated; disposal only forgets them.</summary>
    public static PooledBytes Own(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new PooledBytes(bytes, bytes.Length, rented: false);
    }

    /// <summary>Reads a whole file into a rented buffer, refusing files over <paramref name="maxBytes"/> before renting.</summary>
    public static async Task<PooledBytes> ReadFileAsync(string path, long maxBytes, CancellationToken cancellationToken)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long length = RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            throw new DicomFormatException($"file is {length} bytes, more than the {maxBytes}-byte limit");
        }

        byte[] array = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            int total = 0;
            while (total < length)
            {
                int read = await RandomAccess.ReadAsync(handle, array.AsMemory(total, (int)length - total), total, cancellationToken);
                if (read == 0)
                {
                    throw new IOException("the file shrank while it was being read");
                }

                total += read;
            }

            return new PooledBytes(array, total, rented: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(array);
            throw;
        }
    }

    public void Dispose()
    {
        Memory = ReadOnlyMemory<byte>.Empty;
        if (_rented is { } array)
        {
            _rented = null;
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
