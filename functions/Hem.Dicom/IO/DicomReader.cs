using System.Buffers.Binary;
using System.IO.Compression;

namespace Hem.Dicom;

/// <summary>
/// Reads Part 10 files and bare datasets in any of the four uncompressed dataset encodings. The file is read
/// into memory once and element values are slices of that buffer, so pixel data is never copied (except to
/// swap byte order of big endian files). Parsing is iterative: nesting depth costs heap, not stack.
/// </summary>
public static class DicomReader
{
    /// <summary>Bytes read first when only the header is wanted; most CT headers are 2 to 10 KB.</summary>
    private const int HeaderPrefixBytes = 32 * 1024;
    private static readonly byte[] Magic = "DICM"u8.ToArray();

    /// <summary>
    /// Reads a file. With <see cref="DicomReadOptions.StopBeforePixelData"/> only a prefix large enough to hold the
    /// header is read (growing it when the header is longer), so scanning a series does not read its pixels.
    /// </summary>
    public static async Task<DicomFile> ReadFileAsync(string path, DicomReadOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= DicomReadOptions.Default;
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        long length = RandomAccess.GetLength(handle);
        if (length > options.MaxFileBytes)
        {
            throw new DicomFormatException($"file is {length} bytes, more than the {options.MaxFileBytes}-byte limit");
        }

        for (long prefix = options.StopBeforePixelData ? HeaderPrefixBytes : length; ; prefix *= 8)
        {
            prefix = Math.Min(prefix, length);
            byte[] bytes = GC.AllocateUninitializedArray<byte>((int)prefix);
            int read = await ReadExactlyAsync(handle, bytes, cancellationToken);
            if (read < bytes.Length)
            {
                throw new IOException("the file shrank while it was being read");
            }

            if (prefix == length)
            {
                return Read(bytes, options);
            }

            try
            {
                var file = ReadCore(bytes, options, out bool stoppedAtPixelData);
                if (stoppedAtPixelData)
                {
                    return file;
                }
            }
            catch (DicomFormatException)
            {
                // The header runs past the prefix read so far: read more.
            }
        }
    }

    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) =>
        ReadCore(bytes, options ?? DicomReadOptions.Default, out _);

    private static DicomFile ReadCore(ReadOnlyMemory<byte> bytes, DicomReadOptions options, out bool stoppedAtPixelData)
    {
        var span = bytes.Span;
        int position = 0;
        if (span.Length >= 132 && span.Slice(128, 4).SequenceEqual(Magic))
        {
            position = 132;
        }
        else if (span.Length >= 4 && span[..4].SequenceEqual(Magic))
        {
            position = 4;
        }

        var meta = new DicomDataset();
        if (span.Length - position >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(span[position..]) == 0x0002)
        {
            position = ReadMeta(bytes, position, meta, options);
        }
        else if (position == 0 && span.Length < 8)
        {
            throw new DicomFormatException("not DICOM: fewer than 8 bytes");
        }

        string? uid = meta.GetString(DicomFile.TransferSyntaxUidTag);
        var declared = string.IsNullOrEmpty(uid) ? null : DicomTransferSyntax.FromUid(uid);
        var body = bytes[position..];
        if (declared?.Deflated == true)
        {
            body = Inflate(body, options.MaxInflatedBytes);
        }

        var encoding = DatasetEncoding.Detect(body.Span, declared);
        var transferSyntax = declared ?? encoding.AsTransferSyntax();
        var dataset = new DicomDataset();
        stoppedAtPixelData = new DatasetParser(body, encoding, options, skipMetaGroup: true).Parse(dataset);
        return new DicomFile(meta, dataset, transferSyntax);
    }

    /// <summary>Reads a bare dataset in a known encoding (for example the contents of a decoded file).</summary>
    public static DicomDataset ReadDataset(ReadOnlyMemory<byte> bytes, DicomTransferSyntax transferSyntax, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        var dataset = new DicomDataset();
        new DatasetParser(bytes, new DatasetEncoding(transferSyntax.ExplicitVR, transferSyntax.LittleEndian), options ?? DicomReadOptions.Default, skipMetaGroup: false).Parse(dataset);
        return dataset;
    }

    private static async Task<int> ReadExactlyAsync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, byte[] buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(total), total, cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static int ReadMeta(ReadOnlyMemory<byte> bytes, int position, DicomDataset meta, DicomReadOptions options)
    {
        // File meta information is always explicit VR little endian (PS3.10 7.1). Read element by element while
        // the group is 0002, rather than trusting the group length, which writers get wrong.
        var span = bytes.Span;
        var parser = new DatasetParser(bytes, new DatasetEncoding(true, true), options, skipMetaGroup: false);
        while (span.Length - position >= 8 && BinaryPrimitives.ReadUInt16LittleEndian(span[position..]) == 0x0002)
        {
            position = parser.ReadSingleElement(position, meta);
        }

        return position;
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated, long limit)
    {
        using var input = new MemoryStream(deflated.ToArray(), writable: false);
        using var inflater = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        byte[] buffer = new byte[81920];
        try
        {
            int read;
            while ((read = inflater.Read(buffer)) > 0)
            {
                if (output.Length + read > limit)
                {
                    throw new DicomFormatException($"deflated dataset inflates beyond the {limit}-byte limit");
                }

                output.Write(buffer, 0, read);
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException("deflated dataset is not valid deflate data", ex);
        }

        return output.ToArray();
    }
}
