using SkiaSharp;

namespace Hem.Imaging.Reporting;

/// <summary>A coloured box of the report: its background and the bar down its left side.</summary>
internal sealed record ReportBox(SKColor Fill, SKColor Accent);

/// <summary>The report's colours other than the outlines (<see cref="KeyImageColours"/>), shared by both writers.</summary>
internal static class ReportPalette
{
    public static readonly SKColor Ink = new(26, 26, 26);
    public static readonly SKColor Muted = new(85, 85, 85);
    public static readonly SKColor Rule = new(214, 214, 214);
    public static readonly ReportBox Expansion = new(new SKColor(253, 236, 234), new SKColor(192, 57, 43));
    public static readonly ReportBox NoExpansion = new(new SKColor(234, 242, 248), new SKColor(41, 98, 155));
    public static readonly ReportBox NoHematoma = new(new SKColor(240, 240, 240), new SKColor(110, 110, 110));
    public static readonly ReportBox Limits = new(new SKColor(255, 248, 225), new SKColor(191, 144, 0));
    public static readonly ReportBox Warnings = new(new SKColor(253, 236, 234), new SKColor(192, 57, 43));

    public static ReportBox Verdict(StudyReport report) =>
        !report.HematomaFound ? NoHematoma : report.ExpansionPredicted ? Expansion : NoExpansion;

    /// <summary>The colour as CSS hex (#rrggbb).</summary>
    public static string Css(SKColor colour) => $"#{colour.Red:x2}{colour.Green:x2}{colour.Blue:x2}";
}
