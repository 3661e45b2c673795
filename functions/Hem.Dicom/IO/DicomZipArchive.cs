using System.Globalization;
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

    /// <summary>
    /// An entry may inflate to at most this many times its compressed size. Deflate tops out near 1032:1 on
    /// constant data; CT slices deflate 2 to 5 times, and even a blank slice stays far below 1 MiB.
    /// </summary>
    public double MaxEntryCompressionRatio { get; init; } = 100;

    /// <summary>The whole archive may inflate to at most this many times its compressed entries.</summary>
    public double MaxTotalCompressionRatio { get; init; } = 50;

    /// <summary>
    /// The ratio limits apply only above this many uncompressed bytes (per entry, and in all): a small file of
    /// zeros inflates a thousandfold and harms nobody, and the ratio of a few bytes means nothing.
    /// </summary>
    public long CompressionRatioFloorBytes { get; init; } = 1L << 20;
}

/// <summary>
/// A zip of DICOM files read in place: entries are inflated into memory one at a time, on demand and within the
/// limits, never extracted to disk. Before any entry is read the whole archive is refused
/// (<see cref="DicomArchiveRefusedException"/>) when an entry's name would escape the extraction folder, an entry
/// or the archive inflates far more than images do (a zip bomb), or sizes are beyond the limits: such an archive
/// was not made by a PACS export. Which entries are DICOM is found when they are read; the rest are passed over.
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
            throw new DicomArchiveRefusedException($"the zip holds {all.Count} entries, more than the {limits.MaxEntries} allowed", ArchiveRefusal.TooLarge);
        }

        var sources = new List<IDicomSource>();
        long total = 0, compressed = 0;
        for (int i = 0; i < all.Count; i++)
        {
            var entry = all[i];
            // Entry names are not echoed: they are often patient names or accession numbers.
            if (!IsContained(entry.FullName))
            {
                throw new DicomArchiveRefusedException($"zip entry {i + 1} of {all.Count} has a path that leaves the archive folder (absolute, or with '..'); the archive is refused", ArchiveRefusal.PathTraversal);
            }

            if (IsFolder(entry))
            {
                continue;
            }

            if (entry.Length > limits.MaxEntryBytes)
            {
                throw new DicomArchiveRefusedException($"zip entry {i + 1} of {all.Count} inflates to {entry.Length} bytes, more than the {limits.MaxEntryBytes}-byte limit; the archive is refused", ArchiveRefusal.TooLarge);
            }

            CheckRatio(entry.Length, entry.CompressedLength, limits.MaxEntryCompressionRatio, limits, $"zip entry {i + 1} of {all.Count}");
            total += entry.Length;
            compressed += entry.CompressedLength;
            if (total > limits.MaxTotalBytes)
            {
                throw new DicomArchiveRefusedException($"the zip entries inflate to more than the {limits.MaxTotalBytes}-byte limit; the archive is refused", ArchiveRefusal.TooLarge);
            }

            sources.Add(new EntrySource(this, entry, i + 1, all.Count));
        }

        CheckRatio(total, compressed, limits.MaxTotalCompressionRatio, limits, "the zip as a whole");
        return sources;
    }

    private static void CheckRatio(long inflated, long deflated, double limit, DicomZipLimits limits, string what)
    {
        if (inflated <= limits.CompressionRatioFloorBytes)
        {
            return;
        }

        // A zero compressed size with a large declared size is the extreme case, not a division to avoid.
        double ratio = (double)inflated / Math.Max(deflated, 1);
        if (ratio > limit)
        {
            throw new DicomArchiveRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"{what} would inflate {ratio:0} times (from {deflated} to {inflated} bytes), more than the {limit:0.##}-fold limit: a zip bomb; the archive is refused"),
                ArchiveRefusal.ZipBomb);
        }
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

            if (filled < bytes.Length)
            {
                throw new DicomFormatException($"zip entry {number} of {count} does not inflate to the {declared} bytes it declares");
            }

            // More data than declared means a forged size: the limits above were checked against a lie.
            byte[] probe = new byte[1];
            if (await stream.ReadAsync(probe, cancellationToken) != 0)
            {
                throw new DicomArchiveRefusedException($"zip entry {number} of {count} inflates to more than the {declared} bytes it declares: a zip bomb or a forged header; the archive is refused", ArchiveRefusal.ZipBomb);
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
