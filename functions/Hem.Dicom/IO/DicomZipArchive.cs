using System.IO.Compression;

namespace Hem.Dicom;

/// <summary>Limits for reading a zip of DICOM files; the defaults suit a study export and refuse zip bombs.</summary>
public sealed record DicomZipLimits
{
    public static DicomZipLimits Default { get; } = new();

    /// <summary>An archive with more entries than this is refused before any is read.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>An entry whose uncompressed size is above this is refused; entries are read into memory.</summary>
    public long MaxEntryBytes { get; init; } = 512L << 20;

    /// <summary>The declared uncompressed sizes of all entries together may not exceed this.</summary>
    public long MaxTotalBytes { get; init; } = 16L << 30;
}

/// <summary>
/// A zip of DICOM files read in place: entries are inflated into memory one at a time, on demand and within the
/// limits, never extracted to disk. The whole archive is refused when an entry's name would escape the
/// extraction folder or its size is beyond the limits: such an archive was not made by a PACS export.
/// </summary>
public sealed class DicomZipArchive : IAsyncDisposable
{
    private readonly ZipArchive _archive;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private DicomZipArchive(ZipArchive archive, DicomZipLimits limits)
    {
        _archive = archive;
        Entries = CheckEntries(limits);
    }

    /// <summary>One source per file entry (folders left out), in the archive's order.</summary>
    public IReadOnlyList<IDicomSource> Entries { get; }

    public static async Task<DicomZipArchive> OpenAsync(string path, DicomZipLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= DicomZipLimits.Default;
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        ZipArchive archive;
        try
        {
            archive = await ZipArchive.CreateAsync(stream, ZipArchiveMode.Read, leaveOpen: false, entryNameEncoding: null, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            await stream.DisposeAsync();
            throw new DicomFormatException("the input is not a readable zip archive", ex);
        }

        try
        {
            return new DicomZipArchive(archive, limits);
        }
        catch
        {
            await archive.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _archive.DisposeAsync();
        _gate.Dispose();
    }

    private List<IDicomSource> CheckEntries(DicomZipLimits limits)
    {
        var all = _archive.Entries;
        if (all.Count > limits.MaxEntries)
        {
            throw new DicomFormatException($"the zip holds {all.Count} entries, more than the {limits.MaxEntries} allowed");
        }

        var sources = new List<IDicomSource>();
        long total = 0;
        for (int i = 0; i < all.Count; i++)
        {
            var entry = all[i];
            // Entry names are not echoed: they are often patient names or accession numbers.
            if (!IsContained(entry.FullName))
            {
                throw new DicomFormatException($"zip entry {i + 1} of {all.Count} has a path that leaves the archive folder (absolute, or with '..'); the archive is refused");
            }

            if (IsFolder(entry))
            {
                continue;
            }

            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new DicomFormatException($"zip entry {i + 1} of {all.Count} inflates to {entry.Length} bytes, more than the {limits.MaxEntryBytes}-byte limit; the archive is refused");
            }

            total += entry.Length;
            if (total > limits.MaxTotalBytes)
            {
                throw new DicomFormatException($"the zip entries inflate to more than the {limits.MaxTotalBytes}-byte limit; the archive is refused");
            }

            sources.Add(new EntrySource(this, entry, i + 1, all.Count));
        }

        return sources;
    }

    private static bool IsFolder(ZipArchiveEntry entry) =>
        entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');

    private static bool IsContained(string name)
    {
        if (name.Length == 0 || name[0] is '/' or '\\' || name.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        return !name.Split('/', '\\').Any(part => part == "..");
    }

    private async Task<byte[]> InflateAsync(ZipArchiveEntry entry, int number, int count, CancellationToken cancellationToken)
    {
        // The declared size was checked against the limit; it is trusted for the allocation but not for the
        // content: an entry that inflates to more (or less) than it declared is refused.
        long declared = entry.Length;
        byte[] bytes = new byte[declared];
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var stream = await entry.OpenAsync(cancellationToken);
            int filled = 0;
            while (filled < bytes.Length)
            {
                int read = await stream.ReadAsync(bytes.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            byte[] probe = new byte[1];
            if (filled < bytes.Length || await stream.ReadAsync(probe, cancellationToken) != 0)
            {
                throw new DicomFormatException($"zip entry {number} of {count} does not inflate to the {declared} bytes it declares");
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException($"zip entry {number} of {count} is not valid compressed data", ex);
        }
        finally
        {
            _gate.Release();
        }

        return bytes;
    }

    private sealed class EntrySource(DicomZipArchive owner, ZipArchiveEntry entry, int number, int count) : IDicomSource
    {
        public async Task<DicomFile> ReadAsync(DicomReadOptions options, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(options);
            CheckSize(options.MaxFileBytes);
            return DicomReader.Read(await owner.InflateAsync(entry, number, count, cancellationToken), options);
        }

        public async Task<PooledBytes> ReadBytesAsync(long maxBytes, CancellationToken cancellationToken)
        {
            CheckSize(maxBytes);
            return PooledBytes.Own(await owner.InflateAsync(entry, number, count, cancellationToken));
        }

        private void CheckSize(long maxBytes)
        {
            if (entry.Length > maxBytes)
            {
                throw new DicomFormatException($"zip entry {number} of {count} is {entry.Length} bytes, more than the {maxBytes}-byte limit");
            }
        }
    }
}
