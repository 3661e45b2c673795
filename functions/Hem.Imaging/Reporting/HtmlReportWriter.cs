using System.Net;
using System.Text;

namespace Hem.Imaging.Reporting;

/// <summary>
/// The report as one self-contained HTML document (inline CSS, key images as data: URIs, no script, nothing
/// fetched), laid out for one screen and one printed A4 page. Every text from the report is HTML-encoded.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The document as a string.</summary>
    public static string Render(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(Encode($"{ReportText.Title}: {report.StudyKey}")).Append("</title>\n")
            .Append("<style>\n").Append(Css).Append("</style>\n</head>\n<body>\n<main>\n");

        html.Append("<header>\n<h1>").Append(Encode(ReportText.Title)).Append("</h1>\n")
            .Append("<p class=\"meta\">").Append(Encode(ReportText.Subtitle(report))).Append("</p>\n</header>\n");

        html.Append("<section class=\"verdict\" style=\"").Append(BoxStyle(ReportPalette.Verdict(report))).Append("\">\n<p class=\"headline\">")
            .Append(Encode(ReportText.Verdict(report))).Append("</p>\n");
        if (ReportText.VerdictDetail(report) is { } detail)
        {
            html.Append("<p>").Append(Encode(detail)).Append("</p>\n");
        }

        html.Append("</section>\n<div class=\"columns\">\n<table class=\"numbers\">\n");
        foreach (var (label, value) in ReportText.Numbers(report))
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(label)).Append("</th><td>").Append(Encode(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n<aside class=\"limits\" style=\"").Append(BoxStyle(ReportPalette.Limits)).Append("\">\n<h2>").Append(Encode(ReportText.LimitsHeading)).Append("</h2>\n");
        AppendList(html, ReportText.Limits(report));
        html.Append("</aside>\n</div>\n");

        if (report.Warnings.Count > 0)
        {
            html.Append("<section class=\"warnings\" style=\"").Append(BoxStyle(ReportPalette.Warnings)).Append("\">\n<h2>").Append(Encode(ReportText.WarningsHeading)).Append("</h2>\n");
            AppendList(html, report.Warnings);
            html.Append("</section>\n");
        }

        AppendKeyImages(html, report);
        AppendProvenance(html, report);
        html.Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    /// <summary>Writes the document as UTF-8 (no byte order mark).</summary>
    public static async Task WriteAsync(StudyReport report, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Utf8.GetBytes(Render(report)), cancellationToken);
    }

    private static void AppendKeyImages(StringBuilder html, StudyReport report)
    {
        html.Append("<section class=\"images\">\n<h2>").Append(Encode(ReportText.KeyImagesHeading)).Append("</h2>\n");
        if (report.KeyImages.Count == 0)
        {
            html.Append("<p>").Append(Encode(ReportText.NoKeyImages)).Append("</p>\n</section>\n");
            return;
        }

        var legend = ReportText.Legend(report);
        if (legend.Count > 0)
        {
            html.Append("<p class=\"legend\">");
            foreach (var (colour, label) in legend)
            {
                html.Append("<span class=\"swatch\" style=\"background:").Append(ReportPalette.Css(colour)).Append("\"></span>")
                    .Append(Encode(label)).Append(' ');
            }

            html.Append("</p>\n");
        }

        html.Append("<div class=\"figures\">\n");
        foreach (var image in report.KeyImages)
        {
            string caption = Encode(image.Caption);
            html.Append("<figure><img src=\"data:image/png;base64,").Append(Convert.ToBase64String(image.Png.Span))
                .Append("\" alt=\"").Append(caption).Append("\"><figcaption>").Append(caption).Append("</figcaption></figure>\n");
        }

        html.Append("</div>\n<p class=\"note\">").Append(Encode(ReportText.Orientation)).Append("</p>\n</section>\n");
    }

    private static void AppendProvenance(StringBuilder html, StudyReport report)
    {
        html.Append("<footer class=\"provenance\">\n<h2>").Append(Encode(ReportText.ProvenanceHeading)).Append("</h2>\n<dl>\n");
        foreach (var entry in report.Provenance)
        {
            html.Append("<dt>").Append(Encode(entry.Label)).Append("</dt><dd>").Append(Encode(entry.Value)).Append("</dd>\n");
        }

        html.Append("</dl>\n</footer>\n");
    }

    private static void AppendList(StringBuilder html, IEnumerable<string> items)
    {
        html.Append("<ul>\n");
        foreach (string item in items)
        {
            html.Append("<li>").Append(Encode(item)).Append("</li>\n");
        }

        html.Append("</ul>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string BoxStyle(ReportBox box) => $"background:{ReportPalette.Css(box.Fill)};border-color:{ReportPalette.Css(box.Accent)}";

    private const string Css = """
        @page { size: A4; margin: 12mm; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #fff; color: #1a1a1a; font: 14px/1.4 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1100px; margin: 0 auto; padding: 16px 20px; }
        h1 { font-size: 20px; margin: 0; }
        h2 { font-size: 15px; margin: 0 0 6px; }
        .meta { color: #555; margin: 2px 0 10px; }
        .verdict { border-left: 6px solid; padding: 8px 12px; margin-bottom: 12px; }
        .verdict p { margin: 2px 0; }
        .verdict .headline { font-size: 18px; font-weight: bold; }
        .columns { display: flex; flex-wrap: wrap; gap: 16px; margin-bottom: 12px; }
        .numbers { border-collapse: collapse; flex: 1 1 380px; align-self: flex-start; }
        .numbers th, .numbers td { text-align: left; padding: 4px 8px; border-top: 1px solid #ddd; vertical-align: top; }
        .numbers th { font-weight: normal; color: #444; }
        .numbers td { font-weight: bold; }
        .limits { flex: 1 1 380px; border-left: 6px solid; padding: 8px 12px; }
        .limits ul, .warnings ul { margin: 0; padding-left: 18px; }
        .warnings { border-left: 6px solid; padding: 8px 12px; margin-bottom: 12px; }
        .legend { margin: 0 0 6px; }
        .swatch { display: inline-block; width: 14px; height: 14px; margin: 0 6px -2px 0; border: 1px solid #333; }
        .figures { display: flex; flex-wrap: wrap; gap: 12px; }
        figure { margin: 0; flex: 0 1 320px; }
        figure img { width: 100%; height: auto; image-rendering: pixelated; background: #000; }
        figcaption { color: #444; font-size: 13px; }
        .note { color: #555; font-size: 12px; margin: 4px 0 12px; }
        .provenance { color: #444; font-size: 11px; border-top: 1px solid #ddd; padding-top: 6px; }
        .provenance dl { display: grid; grid-template-columns: max-content 1fr; gap: 1px 12px; margin: 0; }
        .provenance dt { font-weight: bold; }
        .provenance dd { margin: 0; overflow-wrap: anywhere; }

        """;
}
