using Hem.Dicom.Deidentification;
using Hem.Imaging.Nifti;
using Hem.Prediction.Onnx;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// What one analysis produced: the numbers, the provenance and the files written (top level). <paramref name="StudyKey"/>
/// names the study in storage paths: the de-identified study key for DICOM, <c>research-</c> and the input's SHA-256
/// (first 32 hex digits) for a research volume.
/// </summary>
public sealed record AnalysisResult(VolumeSummary Volumes, AnalysisProvenance Provenance, string OutputFolder, IReadOnlyList<string> Files, string StudyKey);

/// <summary>
/// The whole pipeline on one study in one process (<c>hem analyze</c>): load (DICOM: validate, de-identify, volume;
/// NIfTI: read), analyse, write every output. Everything is written into a hidden staging folder beside the output
/// folder and renamed to it at the end, so a rejection, a failure or a cancellation leaves nothing behind; the
/// input is only read. The orchestration runs the same steps as separate activities (Hem.Pipeline.Orchestration).
/// </summary>
public sealed class StudyAnalysisRun(AnalysisModel model, DeidentificationKey key, TimeProvider time, string tool = StudyAnalysisRun.AnalyzeTool)
{
    /// <summary>The tool <c>provenance.json</c> names for <c>hem analyze</c>.</summary>
    public const string AnalyzeTool = "HemFunctions hem analyze";

    public StudyAnalysisRun(PredictionModel model, DeidentificationKey key, TimeProvider time)
        : this(AnalysisModel.InProcess(model), key, time)
    {
    }

    public async Task<AnalysisResult> RunAsync(string input, string output, IProgress<StepReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(input);
        ArgumentException.ThrowIfNullOrEmpty(output);
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            throw new AnalysisInputException("the input does not exist");
        }

        string target = Path.GetFullPath(output);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new AnalysisInputException("the output folder exists and is not empty; give a new or empty folder");
        }

        if (File.Exists(target))
        {
            throw new AnalysisInputException("the output path is a file");
        }

        string parent = Path.GetDirectoryName(target) ?? throw new AnalysisInputException("the output folder has no parent folder");
        Directory.CreateDirectory(parent);
        if (Directory.Exists(target))
        {
            Directory.Delete(target);
        }

        var started = time.GetUtcNow();
        string inputHash = await InputHash.Sha256Async(input, cancellationToken);
        return await AtomicFolder.WriteAsync(parent, Path.GetFileName(target), async staging =>
        {
            var steps = new StepRunner(progress);
            bool nifti = NiftiStudyLoader.IsNifti(input);
            var study = nifti
                ? await NiftiStudyLoader.LoadAsync(input, steps, cancellationToken)
                : await new DicomStudyLoader(key).LoadAsync(input, staging, steps, cancellationToken);
            var analysis = await new StudyAnalyzer(model.Predictor, new BaselineAnalyzer()).AnalyzeAsync(study, steps, cancellationToken);
            var analysisInput = new AnalysisInput(nifti ? AnalysisInput.Nifti : AnalysisInput.Dicom, inputHash, tool, started);
            var written = await new StudyOutputWriter(time).WriteAsync(staging, analysis, model.Description, analysisInput, steps, cancellationToken);
            var files = Directory.GetFiles(staging, "*", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            return new AnalysisResult(written.Volumes, written.Provenance, target, files!, StudyKeys.Of(study, inputHash));
        }, cancellationToken);
    }
}

/// <summary>How storage names a study: its de-identified key for DICOM, <c>research-</c> and the first 32 hex digits of the input's SHA-256 for a research volume.</summary>
public static class StudyKeys
{
    public const string ResearchPrefix = "research-";

    public static string Of(BaselineStudy study, string inputSha256)
    {
        ArgumentNullException.ThrowIfNull(study);
        return study.Source?.StudyKey.Value ?? Research(inputSha256);
    }

    public static string Research(string inputSha256)
    {
        ArgumentNullException.ThrowIfNull(inputSha256);
        return ResearchPrefix + inputSha256[..32];
    }

    /// <summary>Whether <paramref name="text"/> has the form of a study key (32 lower-case hex digits, optionally after <see cref="ResearchPrefix"/>).</summary>
    public static bool IsWellFormed(string? text)
    {
        if (text is null)
        {
            return false;
        }

        string digits = text.StartsWith(ResearchPrefix, StringComparison.Ordinal) ? text[ResearchPrefix.Length..] : text;
        return Hem.Dicom.Deidentification.StudyKey.IsWellFormed(digits);
    }
}
