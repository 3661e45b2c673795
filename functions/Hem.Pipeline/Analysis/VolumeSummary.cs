using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hem.Imaging.Metrics;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// <c>volumes.json</c>: the numbers downstream systems read (schema: <c>schemas/volumes.schema.json</c>). Volumes in mL
/// rounded to 0.01 (the growth is the difference of the rounded volumes), growth percent to 0.1; percent and ABC/2
/// are null when there is no baseline hematoma.
/// </summary>
public sealed record VolumeSummary(
    int SchemaVersion,
    double BaselineVolumeMl,
    double PredictedFollowupVolumeMl,
    double PredictedGrowthMl,
    double? PredictedGrowthPercent,
    bool HematomaExpansionPredicted,
    string ExpansionCriterion,
    double? AbcOver2Ml,
    ModelIdentity Model,
    IReadOnlyList<string> Warnings)
{
    public const string FileName = "volumes.json";

    public const int CurrentSchemaVersion = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,

        // Written to files and stdout, never into HTML: keep ">=" readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static VolumeSummary Of(StudyAnalysis analysis, ModelIdentity model, ExpansionCriterion criterion)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(criterion);
        double baseline = analysis.BaselineMl;
        double predicted = analysis.PredictedMl;
        bool any = baseline > 0;
        return new VolumeSummary(
            CurrentSchemaVersion,
            Round(baseline, 2),
            Round(predicted, 2),
            GrowthMl(baseline, predicted),
            any ? Round(100 * (predicted - baseline) / baseline, 1) : null,
            any && criterion.IsExpansion(baseline, predicted),
            criterion.ToString(),
            analysis.Abc is { } abc ? Round(abc.VolumeMl, 2) : null,
            model,
            analysis.Warnings);
    }

    /// <summary>
    /// The growth as written: the difference of the two rounded volumes, not the rounded difference, so a reader who
    /// subtracts the file's baseline from its follow-up gets the file's growth (the two can differ by 0.01 mL).
    /// </summary>
    public static double GrowthMl(double baselineMl, double predictedMl) =>
        Round(Round(predictedMl, 2) - Round(baselineMl, 2), 2);

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}

/// <summary>The model that made a prediction, as its card names it.</summary>
public sealed record ModelIdentity(string Name, string Version);
