using System.Globalization;
using SkiaSharp;

namespace Hem.Imaging.Reporting;

/// <summary>
/// The report's words and numbers, shared by the HTML and PDF writers so both say exactly the same: headings, the
/// verdict, the numbers table, the legend, the limits. Numbers use the invariant culture: volumes in mL with one
/// decimal, growth signed, percentages with one decimal.
/// </summary>
internal static class ReportText
{
    public const string Title = "Intracerebral hemorrhage: expansion report";
    public const string NoHematoma = "No intracerebral hematoma was found on this scan; no expansion prediction was made.";
    public const string ExpansionPredicted = "Hematoma expansion predicted";
    public const string NoExpansionPredicted = "No hematoma expansion predicted";
    public const string WarningsHeading = "Warnings";
    public const string KeyImagesHeading = "Key axial images";
    public const string NoKeyImages = "No key images were made.";
    public const string Orientation = "Radiological convention: the patient's left is on the image's right.";
    public const string LimitsHeading = "Limits";
    public const string ProvenanceHeading = "Provenance";

    /// <summary>The limits every report states, before the model's own statement.</summary>
    public static readonly IReadOnlyList<string> FixedLimits =
    [
        "Trained on synthetic data only: no patient scan was used to train or test the model, and its accuracy on real CT is unknown.",
        "Research software, not a medical device.",
        "Not for clinical decisions: do not use it to diagnose, treat or triage a patient.",
    ];

    public static string Subtitle(StudyReport report) =>
        $"Study {report.StudyKey} · generated {report.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";

    public static string Verdict(StudyReport report) =>
        !report.HematomaFound ? NoHematoma : report.ExpansionPredicted ? ExpansionPredicted : NoExpansionPredicted;

    /// <summary>The sentence under the verdict; null when no hematoma was found (the verdict says it all).</summary>
    public static string? VerdictDetail(StudyReport report) =>
        report.HematomaFound
            ? $"Predicted growth {Growth(report)} from {Ml(report.BaselineVolumeMl)} at baseline to {Ml(report.PredictedVolumeMl)} at follow-up; expansion is {report.Criterion}."
            : null;

    /// <summary>The numbers table: label and value.</summary>
    public static IReadOnlyList<(string Label, string Value)> Numbers(StudyReport report)
    {
        var rows = new List<(string, string)>
        {
            ("Baseline hematoma volume", report.HematomaFound ? Ml(report.BaselineVolumeMl) : $"{Ml(0)} (none found)"),
        };
        if (report.AbcOverTwoMl is { } abc)
        {
            rows.Add(("ABC/2 estimate (baseline)", Ml(abc)));
        }

        if (report.HematomaFound)
        {
            rows.Add(("Predicted follow-up volume", Ml(report.PredictedVolumeMl)));
            rows.Add(("Predicted growth", Growth(report)));
            rows.Add(("Expansion (HE)", $"{(report.ExpansionPredicted ? "predicted" : "not predicted")} ({report.Criterion})"));
        }

        rows.Add(("Model", $"{report.ModelName} {report.ModelVersion}"));
        return rows;
    }

    /// <summary>The outline legend (colour and label); empty when no hematoma was found, as nothing is outlined.</summary>
    public static IReadOnlyList<(SKColor Colour, string Label)> Legend(StudyReport report) =>
        report.HematomaFound
            ?
            [
                (KeyImageColours.Baseline, $"Baseline hematoma ({KeyImageColours.BaselineName})"),
                (KeyImageColours.Predicted, $"Predicted follow-up hematoma ({KeyImageColours.PredictedName}; where it follows the baseline only the baseline shows)"),
            ]
            : [];

    /// <summary>The fixed limits and the model's own statement.</summary>
    public static IReadOnlyList<string> Limits(StudyReport report) =>
        [.. FixedLimits, $"The model ({report.ModelName} {report.ModelVersion}) says: {report.TrainingDataStatement}"];

    public static string Ml(double ml) => ml.ToString("0.0", CultureInfo.InvariantCulture) + " mL";

    // "+3.4 mL (+27.6 %)"; a value that rounds to zero prints unsigned (the format's third section).
    private static string Growth(StudyReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"{report.PredictedGrowthMl:+0.0;-0.0;0.0} mL ({report.PredictedGrowthPercent:+0.0;-0.0;0.0} %)");
}
