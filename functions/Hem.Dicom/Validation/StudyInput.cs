namespace Hem.Dicom.Validation;

/// <summary>What a study arrived as.</summary>
public enum StudyInputKind
{
    Folder,
    Zip,
    File,
}

/// <summary>
/// A study's files, opened from a folder (searched recursively), a zip, or a single file, with the size limits of
/// <see cref="DicomZipLimits"/> applied before anything is read: entries (or files), bytes per entry (or file),
/// bytes in all, and for a zip also path traversal and compression ratios. A study refused here carries its
/// <see cref="Refusal"/> and no sources. A path that is neither a folder nor a file is not a study at all: that
/// is a <see cref="FileNotFoundException"/>. The zip, when there is one, stays open until this is disposed,
/// because the chosen series' pixels are read from it later.
/// </summary>
public sealed class StudyInput : IAsyncDisposable
{
    private readonly DicomZipArchive? _archive;

    private StudyInput(StudyInputKind kind, IReadOnlyList<IDicomSource> sources, Rejection? refusal, DicomZipArchive? archive = null)
    {
        Kind = kind;
        Sources = sources;
        Refusal = refusal;
        _archive = archive;
    }

    public StudyInputKind Kind { get; }

    /// <summary>Every file (or zip entry) of the study; which are DICOM is found when they are read.</summary>
    public IReadOnlyList<IDicomSource> Sources { get; }

    /// <summary>Why the input was refused before any file was read; null when it was opened.</summary>
    public Rejection? Refusal { get; }

    public static async Task<StudyInput> OpenAsync(string path, DicomZipLimits? limits = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= DicomZipLimits.Default;
        if (Directory.Exists(path))
        {
            return OpenFolder(path, limits);
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException("the input is neither a folder nor a file");
        }

        if (!await LooksLikeZipAsync(path, cancellationToken))
        {
            long length = new FileInfo(path).Length;
            return length > limits.MaxEntryBytes
                ? Refused(StudyInputKind.File, $"The file is {length} bytes, more than the {limits.MaxEntryBytes}-byte limit.")
                : new StudyInput(StudyInputKind.File, [new DicomFileSource(path)], null);
        }

        try
        {
            var archive = await DicomZipArchive.OpenAsync(path, limits, cancellationToken);
            return new StudyInput(StudyInputKind.Zip, archive.Entries, null, archive);
        }
        catch (DicomArchiveRefusedException ex)
        {
            return new StudyInput(StudyInputKind.Zip, [], ArchiveRefusals.ToRejection(ex));
        }
        catch (DicomFormatException ex)
        {
            return new StudyInput(StudyInputKind.Zip, [], new Rejection(RejectionCodes.UnreadableArchive, ArchiveRefusals.Sentence(ex.Message)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_archive is not null)
        {
            await _archive.DisposeAsync();
        }
    }

    private static StudyInput OpenFolder(string folder, DicomZipLimits limits)
    {
        var files = new List<FileInfo>();
        long total = 0;
        // Hidden files too (AttributesToSkip 0), as DicomFileSource.FromFolder reads them.
        var everything = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", everything))
        {
            // Counted while enumerating, so a folder of millions of files is refused without listing them all.
            if (files.Count == limits.MaxEntries)
            {
                return Refused(StudyInputKind.Folder, $"The folder holds more than the {limits.MaxEntries} files allowed.");
            }

            if (file.Length > limits.MaxEntryBytes)
            {
                return Refused(StudyInputKind.Folder, $"A file in the folder is {file.Length} bytes, more than the {limits.MaxEntryBytes}-byte limit.");
            }

            total += file.Length;
            if (total > limits.MaxTotalBytes)
            {
                return Refused(StudyInputKind.Folder, $"The files in the folder add up to more than the {limits.MaxTotalBytes}-byte limit.");
            }

            files.Add(file);
        }

        var sources = files.Select(f => f.FullName).Order(StringComparer.Ordinal).Select(p => (IDicomSource)new DicomFileSource(p)).ToList();
        return new StudyInput(StudyInputKind.Folder, sources, null);
    }

    private static StudyInput Refused(StudyInputKind kind, string reason) =>
        new(kind, [], new Rejection(RejectionCodes.InputTooLarge, reason));

    /// <summary>A zip by its signature (an entry, or the end record of an empty archive) or by its extension.</summary>
    private static async Task<bool> LooksLikeZipAsync(string path, CancellationToken cancellationToken)
    {
        if (path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        byte[] magic = new byte[4];
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        int read = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
        return read == 4 && (magic.AsSpan().SequenceEqual("PK\x03\x04"u8) || magic.AsSpan().SequenceEqual("PK\x05\x06"u8));
    }
}
