using Hem.Imaging.Metrics;
using Hem.Imaging.Reporting;

namespace Hem.Pipeline.Analysis;

/// <summary>What went in and which tool ran, as <c>provenance.json</c> records it.</summary>
/// <param name="InputKind"><c>dicom</c> or <c>nifti</c>.</param>
/// <param name="InputSha256">The SHA-256 of the input (<see cref="InputHash"/>), never its name.</param>
/// <param name="Tool">The tool that ran (<c>hem analyze</c> or the orchestration).</param>
/// <param name="Started">When the analysis started.</param>
public sealed record AnalysisInput(string InputKind, string InputSha256, string Tool, DateTimeOffset Started)
{
    public const string Dicom = "dicom";

    public const string Nifti = "nifti";

    /// <summary>How the report names a study without a de-identified key (a research volume): by its input's hash.</summary>
    public string ReportStudyKey(StudyAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        return analysis.Study.Source?.StudyKey.Value ?? "research volume " + InputSha256[..12];
    }
}

/// <summary>
/// Writes an analysis's outputs into a (staging) folder, each a timed step: the NIfTI volumes and <c>volumes.json</c>
/// (write), the DICOM SEG for DICOM input (seg), <c>report.html</c> and <c>report.pdf</c> (report), then
/// <c>provenance.json</c> with every step's time. Used by <c>hem analyze</c> and by the orchestration's WriteOutputs.
/// </summary>
public sealed class StudyOutputWriter(TimeProvider time)
{
    public const string WriteStep = "write";

    public const string SegStep = "seg";

    public const string ReportStep = "report";

    public async Task<WrittenOutputs> WriteAsync(string folder, StudyAnalysis analysis, ModelDescription model, AnalysisInput input, StepRunner steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(steps);
        var volumes = VolumeSummary.Of(analysis, model.Identity, ExpansionCriterion.Default);
        await steps.RunAsync(WriteStep, async () =>
        {
            await AnalysisOutputs.WriteVolumesAsync(folder, analysis, cancellationToken);
            await AnalysisOutputs.WriteJsonAsync(Path.Combine(folder, VolumeSummary.FileName), volumes, cancellationToken);
            return true;
        });
        string software = AnalysisProvenance.SoftwareVersionOf(typeof(StudyOutputWriter).Assembly);
        if (analysis.Study.Source is { } series)
        {
            await steps.RunAsync(SegStep, async () =>
            {
                await AnalysisSegmentation.WriteAsync(folder, analysis, series, model.Identity, software, time.GetUtcNow(), cancellationToken);
                return true;
            });
        }

        await steps.RunAsync(ReportStep, async () =>
        {
            var entries = ReportProvenance(input.InputSha256, software, model.Provenance, steps.Timings);
            var report = AnalysisReport.Of(analysis, input.ReportStudyKey(analysis), model.TrainingData, entries, time.GetUtcNow(), model.Identity);
            await AnalysisReport.WriteAsync(folder, report, cancellationToken);
            return true;
        });
        var provenance = new AnalysisProvenance(
            input.InputKind,
            input.InputSha256,
            analysis.Study.Description,
            input.Tool,
            software,
            model.Provenance,
            input.Started,
            time.GetUtcNow(),
            steps.Timings);
        await AnalysisOutputs.WriteJsonAsync(Path.Combine(folder, AnalysisProvenance.FileName), provenance, cancellationToken);
        return new WrittenOutputs(volumes, provenance);
    }

    private static List<ProvenanceEntry> ReportProvenance(string inputHash, string software, ModelProvenance model, IReadOnlyList<StepTiming> timings) =>
    [
        new("Input SHA-256", inputHash),
        new("Software", "hem " + software),
        new("Model card SHA-256", model.CardSha256),
        new("Runs on", model.ExecutionProvider),
        new("Timings", string.Join(", ", timings.Select(t => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{t.Step} {t.Milliseconds / 1000:0.0} s")))),
    ];
}

/// <summary>What <see cref="StudyOutputWriter"/> wrote that callers report: the numbers and the provenance.</summary>
public sealed record WrittenOutputs(VolumeSummary Volumes, AnalysisProvenance Provenance);
