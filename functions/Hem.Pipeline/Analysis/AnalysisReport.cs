using System.Globalization;
using Hem.Imaging.Rendering;
using Hem.Imaging.Reporting;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// The clinician report of an analysis (<c>report.html</c>, <c>report.pdf</c>): the volumes, three key axial slices
/// through the largest extent of the predicted hematoma with both outlines, the model's limits and the provenance.
/// </summary>
public static class AnalysisReport
{
    public const string HtmlFile = "report.html";

    public const string PdfFile = "report.pdf";

    public static StudyReport Of(StudyAnalysis analysis, string studyKey, string trainingData, IReadOnlyList<ProvenanceEntry> provenance, DateTimeOffset generatedAt, ModelIdentity model)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(model);
        var ct = analysis.Study.Ct;
        var predicted = analysis.Prediction.Mask;
        var outlines = KeyImageColours.Outlines(analysis.BaselineMask, predicted);
        var slices = KeySliceChooser.Choose(predicted, neighbours: 1, fallback: analysis.Brain).Slices;
        var images = slices
            .Select(z => new KeyImage(KeyImageRenderer.RenderPng(ct, outlines, z), string.Create(CultureInfo.InvariantCulture, $"slice {z + 1} of {ct.Size.Z}")))
            .ToList();
        return new StudyReport
        {
            StudyKey = studyKey,
            BaselineVolumeMl = analysis.BaselineMl,
            PredictedVolumeMl = analysis.PredictedMl,
            AbcOverTwoMl = analysis.Abc?.VolumeMl,
            ModelName = model.Name,
            ModelVersion = model.Version,
            TrainingDataStatement = trainingData,
            Warnings = analysis.Warnings,
            KeyImages = images,
            Provenance = provenance,
            GeneratedAt = generatedAt,
        };
    }

    public static async Task WriteAsync(string folder, StudyReport report, CancellationToken cancellationToken)
    {
        await using (var html = File.Create(Path.Combine(folder, HtmlFile)))
        {
            await HtmlReportWriter.WriteAsync(report, html, cancellationToken);
        }

        await using var pdf = File.Create(Path.Combine(folder, PdfFile));
        await PdfReportWriter.WriteAsync(report, pdf, cancellationToken);
    }
}
