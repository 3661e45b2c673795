using Hem.Dicom.Deidentification;
using Hem.Imaging.Metrics;
using Hem.Imaging.Nifti;
using Hem.Imaging.Segmentation;
using Hem.Prediction;
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
/// input is only read. The orchestration's <c>AnalyseStudy</c> runs it too, with the model behind the inference
/// service (<see cref="AnalysisModel.FromServiceAsync"/>).
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
            var analyzer = new StudyAnalyzer(model.Predictor, new BrainExtractor(), new HematomaSegmenter());
            var analysis = await analyzer.AnalyzeAsync(study, steps, cancellationToken);
            var identity = model.Identity;
            var volumes = VolumeSummary.Of(analysis, identity, ExpansionCriterion.Default);
            await steps.RunAsync("write", async () =>
            {
                await AnalysisOutputs.WriteVolumesAsync(staging, analysis, cancellationToken);
                await AnalysisOutputs.WriteJsonAsync(Path.Combine(staging, VolumeSummary.FileName), volumes, cancellationToken);
                return true;
            });
            string software = AnalysisProvenance.SoftwareVersionOf(typeof(StudyAnalysisRun).Assembly);
            if (study.Source is { } series)
            {
                await steps.RunAsync("seg", async () =>
                {
                    await AnalysisSegmentation.WriteAsync(staging, analysis, series, identity, software, time.GetUtcNow(), cancellationToken);
                    return true;
                });
            }

            var modelProvenance = model.Provenance;
            string studyKey = study.Source?.StudyKey.Value ?? "research volume " + inputHash[..12];
            await steps.RunAsync("report", async () =>
            {
                var entries = ReportProvenance(inputHash, software, modelProvenance, steps.Timings);
                var report = AnalysisReport.Of(analysis, studyKey, model.TrainingData, entries, time.GetUtcNow(), identity);
                await AnalysisReport.WriteAsync(staging, report, cancellationToken);
                return true;
            });
            var provenance = new AnalysisProvenance(
                nifti ? "nifti" : "dicom",
                inputHash,
                study.Description,
                tool,
                software,
                modelProvenance,
                started,
                time.GetUtcNow(),
                steps.Timings);
            await AnalysisOutputs.WriteJsonAsync(Path.Combine(staging, AnalysisProvenance.FileName), provenance, cancellationToken);
            var files = Directory.GetFiles(staging, "*", SearchOption.TopDirectoryOnly).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            return new AnalysisResult(volumes, provenance, target, files!, study.Source?.StudyKey.Value ?? "research-" + inputHash[..32]);
        }, cancellationToken);
    }

    private static List<Imaging.Reporting.ProvenanceEntry> ReportProvenance(string inputHash, string software, ModelProvenance model, IReadOnlyList<StepTiming> timings) =>
    [
        new("Input SHA-256", inputHash),
        new("Software", "hem " + software),
        new("Model card SHA-256", model.CardSha256),
        new("Runs on", model.ExecutionProvider),
        new("Timings", string.Join(", ", timings.Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.Step} {t.Milliseconds / 1000:0.0} s")))),
    ];
}
