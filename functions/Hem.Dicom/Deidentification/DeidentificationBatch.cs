using Hem.Dicom.Validation;

namespace Hem.Dicom.Deidentification;

/// <summary>What a batch wrote and what it left out, in counts (never names or values).</summary>
public sealed record DeidentificationBatchResult(
    int Sources,
    int Written,
    int NotDicom,
    int NotStorable,
    int Duplicates,
    IReadOnlyDictionary<RefusalReason, int> Refused,
    IReadOnlyList<StudyKey> StudyKeys);

/// <summary>Progress through a batch: the number of sources handled so far, of all.</summary>
public readonly record struct DeidentificationProgress(int Done, int Total);

/// <summary>
/// De-identifies a folder, a zip or one file (opened by <see cref="StudyInput"/>) into a new output folder. Each object is written under its new SOP
/// Instance UID (never its input name). The input is only read. Everything is first written to a staging folder
/// beside the output and moved into place at the end, so a failure or cancellation leaves no half-written output.
/// The output must not exist or be an empty folder, and must not lie inside the input (nor the input inside it).
/// Files that are not DICOM, objects without SOP UIDs (DICOMDIR) and objects <see cref="ImageSafetyPolicy"/> refuses
/// are left out and counted.
/// </summary>
public sealed class DeidentificationBatch(DatasetDeidentifier deidentifier)
{
    private readonly DatasetDeidentifier _deidentifier = deidentifier ?? throw new ArgumentNullException(nameof(deidentifier));

    public async Task<DeidentificationBatchResult> RunAsync(string input, string output, IProgress<DeidentificationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        string inputPath = Path.GetFullPath(input);
        string outputPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        CheckOutput(inputPath, outputPath);

        // The same opening and limits as study validation: zip bombs, path traversal and oversized inputs are refused
        // before anything is read.
        await using var study = await StudyInput.OpenAsync(inputPath, cancellationToken: cancellationToken);
        if (study.Refusal is { } refusal)
        {
            throw new DeidentificationInputException($"the input was refused ({refusal.Code}): {refusal.Reason}");
        }

        var sources = study.Sources;
        string staging = Path.Combine(Path.GetDirectoryName(outputPath)!, "." + Path.GetFileName(outputPath) + ".partial-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var result = await WriteAllAsync(sources, staging, progress, cancellationToken);
            if (result.Written > 0)
            {
                if (Directory.Exists(outputPath))
                {
                    Directory.Delete(outputPath);
                }

                Directory.Move(staging, outputPath);
            }
            else
            {
                Directory.Delete(staging, recursive: true);
            }

            return result;
        }
        catch
        {
            // Nothing half-written remains: the staging folder goes, the output was never touched.
            TryDelete(staging);
            throw;
        }
    }

    private async Task<DeidentificationBatchResult> WriteAllAsync(IReadOnlyList<IDicomSource> sources, string staging, IProgress<DeidentificationProgress>? progress, CancellationToken cancellationToken)
    {
        int written = 0, notDicom = 0, notStorable = 0, duplicates = 0;
        var refused = new Dictionary<RefusalReason, int>();
        var studies = new SortedSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < sources.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            DicomFile file;
            try
            {
                file = await sources[i].ReadAsync(DicomReadOptions.Default, cancellationToken);
            }
            catch (DicomFormatException)
            {
                notDicom++;
                progress?.Report(new DeidentificationProgress(i + 1, sources.Count));
                continue;
            }

            DeidentifiedObject result;
            try
            {
                result = _deidentifier.Deidentify(file);
            }
            catch (ImageRefusedException ex)
            {
                refused[ex.Reason] = refused.GetValueOrDefault(ex.Reason) + 1;
                progress?.Report(new DeidentificationProgress(i + 1, sources.Count));
                continue;
            }
            catch (DicomFormatException)
            {
                notStorable++;
                progress?.Report(new DeidentificationProgress(i + 1, sources.Count));
                continue;
            }

            string target = Path.Combine(staging, result.FileName);
            if (File.Exists(target))
            {
                // The same SOP Instance twice in the input: one copy is enough.
                duplicates++;
            }
            else
            {
                await using var stream = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await stream.WriteAsync(result.ToPart10Bytes(), cancellationToken);
                written++;
                studies.Add(result.StudyKey.Value);
            }

            progress?.Report(new DeidentificationProgress(i + 1, sources.Count));
        }

        return new DeidentificationBatchResult(sources.Count, written, notDicom, notStorable, duplicates, refused,
            studies.Select(StudyKey.Parse).ToList());
    }

    private static void CheckOutput(string input, string output)
    {
        if (!Path.Exists(input))
        {
            throw new DeidentificationOutputException("the input does not exist");
        }

        if (IsSameOrInside(output, input) || IsSameOrInside(input, output))
        {
            throw new DeidentificationOutputException("the output folder must lie outside the input, and the input outside it");
        }

        if (File.Exists(output))
        {
            throw new DeidentificationOutputException("the output is an existing file, not a folder");
        }

        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any())
        {
            throw new DeidentificationOutputException("the output folder is not empty");
        }

        if (Path.GetDirectoryName(output) is not { } parent || !Directory.Exists(parent))
        {
            throw new DeidentificationOutputException("the folder that should hold the output folder does not exist");
        }
    }

    private static bool IsSameOrInside(string path, string folder)
    {
        // Windows and macOS file systems ignore case by default: "C:\In\out" lies inside "c:\in".
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        string root = Path.TrimEndingDirectorySeparator(folder);
        return string.Equals(path, root, comparison) || path.StartsWith(root + Path.DirectorySeparatorChar, comparison);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: the original failure is what the caller must see.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}

/// <summary>An output folder the batch may not write to; the message names the rule, not the paths.</summary>
public sealed class DeidentificationOutputException : Exception
{
    public DeidentificationOutputException()
    {
    }

    public DeidentificationOutputException(string message)
        : base(message)
    {
    }

    public DeidentificationOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An input the batch refuses to read (too large, a zip bomb, an unsafe archive); the message gives the
/// refusal's code and sentence, never names or values.</summary>
public sealed class DeidentificationInputException : Exception
{
    public DeidentificationInputException()
    {
    }

    public DeidentificationInputException(string message)
        : base(message)
    {
    }

    public DeidentificationInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
