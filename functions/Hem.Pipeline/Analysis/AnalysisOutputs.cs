using System.Text.Json;
using Hem.Imaging.Evaluation;
using Hem.Imaging.Nifti;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// Writes an analysis's research outputs into the (staging) output folder: the CT and both masks as NIfTI on the
/// baseline grid, <c>volumes.json</c> and <c>provenance.json</c>.
/// </summary>
public static class AnalysisOutputs
{
    public const string CtFile = "ct.nii.gz";

    public const string BaselineMaskFile = EvaluationLayout.BaselineMask;

    public const string PredictionMaskFile = EvaluationLayout.PredictionMask;

    public static async Task WriteVolumesAsync(string folder, StudyAnalysis analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var geometry = analysis.Study.Ct.Geometry;
        await NiftiWriter.WriteAsync(Path.Combine(folder, CtFile), geometry, analysis.Study.Ct.Voxels, "baseline CT (HU)", cancellationToken);
        await NiftiWriter.WriteAsync(Path.Combine(folder, BaselineMaskFile), geometry, analysis.BaselineMask.Voxels, "baseline hematoma", cancellationToken);
        await NiftiWriter.WriteAsync(Path.Combine(folder, PredictionMaskFile), geometry, analysis.Prediction.Mask.Voxels, "predicted follow-up hematoma", cancellationToken);
    }

    public static Task WriteJsonAsync<T>(string path, T value, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, JsonSerializer.Serialize(value, VolumeSummary.Json) + "\n", cancellationToken);
}
