using SkiaSharp;

namespace Hem.Imaging.Reporting;

/// <summary>
/// DejaVu Sans and DejaVu Sans Bold, embedded in this assembly (Fonts/, with their licence). The Linux native
/// SkiaSharp asset has no fontconfig, so a system or default typeface may draw nothing; these always draw, and the
/// PDF embeds the glyphs it uses.
/// </summary>
internal static class ReportFonts
{
    private static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("DejaVuSans.ttf"));
    private static readonly Lazy<SKTypeface> LazyBold = new(() => Load("DejaVuSans-Bold.ttf"));

    public static SKTypeface Regular => LazyRegular.Value;

    public static SKTypeface Bold => LazyBold.Value;

    private static SKTypeface Load(string file)
    {
        string name = $"Hem.Imaging.Reporting.Fonts.{file}";
        using var stream = typeof(ReportFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the font resource {name} is missing from {typeof(ReportFonts).Assembly.GetName().Name}");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"SkiaSharp could not load the font {file}");
    }
}
