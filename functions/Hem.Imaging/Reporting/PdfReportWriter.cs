using SkiaSharp;

namespace Hem.Imaging.Reporting;

/// <summary>
/// The report as a PDF: one A4 page with the content of the HTML report, drawn with SkiaSharp's PDF backend in the
/// bundled DejaVu fonts (embedded in the PDF, so the text is selectable and extractable). Text wraps within the
/// margins. The key images (three to a row, at most 230 pt tall) shrink until everything fits the page; should the
/// text leave too little room even for images at 40 % of their size, the content runs on to further pages at full
/// image size rather than being cut. The PDF's dates are the report's generation time; the writer reads no clock.
/// </summary>
public static class PdfReportWriter
{
    /// <summary>The PDF's bytes.</summary>
    public static byte[] Render(StudyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var output = new MemoryStream();
        using (var layout = new PdfReportLayout(report))
        {
            layout.Write(output);
        }

        return output.ToArray();
    }

    /// <summary>Writes the PDF to <paramref name="destination"/>.</summary>
    public static async Task WriteAsync(StudyReport report, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        await destination.WriteAsync(Render(report), cancellationToken);
    }
}

/// <summary>
/// Lays the report out as rows (a line of text, a row of images, a rule, a gap), each drawn at its top and each
/// painting its own strip of any box it belongs to, so a page can end between any two rows without clipping.
/// </summary>
internal sealed class PdfReportLayout : IDisposable
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    private const float Margin = 40;
    private const float ContentWidth = PageWidth - (2 * Margin);
    private const float ContentHeight = PageHeight - (2 * Margin);
    private const float AccentWidth = 4;
    private const float BoxInset = 10;
    private const float BoxPadding = 6;
    private const float BlockGap = 10;
    private const float BulletIndent = 10;
    private const float ImageGap = 10;
    private const int ImagesPerRow = 3;
    private const float MaxImageHeight = 230;
    private const float MinImageScale = 0.4f;

    private readonly StudyReport _report;
    private readonly SKFont _title = Font(ReportFonts.Bold, 17);
    private readonly SKFont _verdict = Font(ReportFonts.Bold, 14);
    private readonly SKFont _heading = Font(ReportFonts.Bold, 11);
    private readonly SKFont _body = Font(ReportFonts.Regular, 9.5f);
    private readonly SKFont _bodyBold = Font(ReportFonts.Bold, 9.5f);
    private readonly SKFont _small = Font(ReportFonts.Regular, 7.5f);
    private readonly SKFont _smallBold = Font(ReportFonts.Bold, 7.5f);
    private readonly List<SKImage> _images = [];

    public PdfReportLayout(StudyReport report)
    {
        _report = report;
        try
        {
            for (int i = 0; i < report.KeyImages.Count; i++)
            {
                _images.Add(SKImage.FromEncodedData(report.KeyImages[i].Png.Span)
                    ?? throw new ArgumentException($"key image {i + 1} ({report.KeyImages[i].Caption}) is not an image SkiaSharp can decode", nameof(report)));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private delegate void DrawRow(SKCanvas canvas, float top);

    /// <summary>A horizontal strip of the page; <paramref name="Box"/> paints its background, a gap may end a page.</summary>
    private sealed record Row(float Height, DrawRow? Draw, ReportBox? Box = null, bool IsGap = false);

    public void Write(Stream output)
    {
        var metadata = SKDocumentPdfMetadata.Default with
        {
            Title = $"{ReportText.Title}: {_report.StudyKey}",
            Subject = ReportText.Verdict(_report),
            Creator = "HemFunctions",
            Creation = _report.GeneratedAt.UtcDateTime,
            Modified = _report.GeneratedAt.UtcDateTime,
        };
        var pages = Paginate(Rows(ImageScale()));
        using var document = SKDocument.CreatePdf(output, metadata) ?? throw new InvalidOperationException("SkiaSharp could not start a PDF");
        for (int page = 0; page < pages.Count; page++)
        {
            var canvas = document.BeginPage(PageWidth, PageHeight);
            foreach (var (row, top) in pages[page])
            {
                if (row.Box is { } box)
                {
                    using var fill = Paint(box.Fill);
                    using var accent = Paint(box.Accent);
                    canvas.DrawRect(Margin, top, ContentWidth, row.Height, fill);
                    canvas.DrawRect(Margin, top, AccentWidth, row.Height, accent);
                }

                row.Draw?.Invoke(canvas, top);
            }

            if (pages.Count > 1)
            {
                Text(canvas, $"Page {page + 1} of {pages.Count}", _small, ReportPalette.Muted, Margin, PageHeight - (Margin / 2));
            }

            document.EndPage();
        }

        document.Close();
    }

    public void Dispose()
    {
        foreach (var font in new[] { _title, _verdict, _heading, _body, _bodyBold, _small, _smallBold })
        {
            font.Dispose();
        }

        foreach (var image in _images)
        {
            image.Dispose();
        }
    }

    /// <summary>
    /// The largest image scale (at most 1) at which everything fits one page (the height is linear in it); 1 when
    /// even images at <see cref="MinImageScale"/> would not make it fit, as the report runs on to another page anyway.
    /// </summary>
    private float ImageScale()
    {
        float full = Height(Rows(1));
        if (full <= ContentHeight)
        {
            return 1;
        }

        float withoutImages = Height(Rows(0));
        float scale = (ContentHeight - withoutImages) / (full - withoutImages) * 0.999f;
        return scale >= MinImageScale ? scale : 1;
    }

    private static float Height(IEnumerable<Row> rows) => rows.Sum(row => row.Height);

    private static List<List<(Row Row, float Top)>> Paginate(IReadOnlyList<Row> rows)
    {
        var pages = new List<List<(Row, float)>> { new() };
        float y = Margin;
        foreach (var row in rows)
        {
            if (y + row.Height > PageHeight - Margin && pages[^1].Count > 0)
            {
                pages.Add([]);
                y = Margin;
            }

            if (row.IsGap && pages[^1].Count == 0)
            {
                continue;
            }

            pages[^1].Add((row, y));
            y += row.Height;
        }

        return pages;
    }

    private List<Row> Rows(float imageScale)
    {
        var rows = new List<Row>();
        rows.AddRange(Lines(ReportText.Title, _title, ReportPalette.Ink, Margin, ContentWidth));
        rows.AddRange(Lines(ReportText.Subtitle(_report), _body, ReportPalette.Muted, Margin, ContentWidth));
        rows.Add(Gap());

        var verdict = ReportPalette.Verdict(_report);
        rows.Add(Padding(verdict));
        rows.AddRange(Lines(ReportText.Verdict(_report), _verdict, ReportPalette.Ink, BoxLeft, BoxWidth, verdict));
        if (ReportText.VerdictDetail(_report) is { } detail)
        {
            rows.AddRange(Lines(detail, _body, ReportPalette.Ink, BoxLeft, BoxWidth, verdict));
        }

        rows.Add(Padding(verdict));
        rows.Add(Gap());
        rows.AddRange(Table(ReportText.Numbers(_report), _body, _bodyBold, 170));
        rows.Add(Gap());

        if (_report.Warnings.Count > 0)
        {
            rows.AddRange(BoxWithBullets(ReportText.WarningsHeading, _report.Warnings, ReportPalette.Warnings));
            rows.Add(Gap());
        }

        rows.AddRange(Lines(ReportText.KeyImagesHeading, _heading, ReportPalette.Ink, Margin, ContentWidth));
        rows.AddRange(KeyImages(imageScale));
        rows.Add(Gap());
        rows.AddRange(BoxWithBullets(ReportText.LimitsHeading, ReportText.Limits(_report), ReportPalette.Limits));
        rows.Add(Gap());

        rows.AddRange(Lines(ReportText.ProvenanceHeading, _smallBold, ReportPalette.Muted, Margin, ContentWidth));
        rows.AddRange(Table([.. _report.Provenance.Select(entry => (entry.Label, entry.Value))], _small, _small, 150));
        return rows;
    }

    private static float BoxLeft => Margin + AccentWidth + BoxInset;

    private static float BoxWidth => ContentWidth - AccentWidth - (2 * BoxInset);

    private static Row Gap() => new(BlockGap, null, IsGap: true);

    private static Row Padding(ReportBox box) => new(BoxPadding, null, box);

    /// <summary>The text wrapped to <paramref name="width"/>, a row a line.</summary>
    private static IEnumerable<Row> Lines(string text, SKFont font, SKColor colour, float left, float width, ReportBox? box = null) =>
        TextWrapper.Wrap(text, font, width).Select(line => new Row(font.Spacing, (canvas, top) => Text(canvas, line, font, colour, left, Baseline(font, top)), box));

    private IEnumerable<Row> BoxWithBullets(string heading, IEnumerable<string> items, ReportBox box)
    {
        yield return Padding(box);
        foreach (var row in Lines(heading, _heading, ReportPalette.Ink, BoxLeft, BoxWidth, box))
        {
            yield return row;
        }

        foreach (string item in items)
        {
            var lines = TextWrapper.Wrap(item, _body, BoxWidth - BulletIndent);
            for (int i = 0; i < lines.Count; i++)
            {
                string line = lines[i];
                bool first = i == 0;
                yield return new Row(_body.Spacing, (canvas, top) =>
                {
                    float baseline = Baseline(_body, top);
                    if (first)
                    {
                        Text(canvas, "\u2022", _body, ReportPalette.Ink, BoxLeft, baseline);
                    }

                    Text(canvas, line, _body, ReportPalette.Ink, BoxLeft + BulletIndent, baseline);
                }, box);
            }
        }

        yield return Padding(box);
    }

    /// <summary>Label and value columns, each entry under a rule, both wrapped within their column.</summary>
    private static IEnumerable<Row> Table(IReadOnlyList<(string Label, string Value)> entries, SKFont labelFont, SKFont valueFont, float labelWidth)
    {
        const float ColumnGap = 8;
        float lineHeight = Math.Max(labelFont.Spacing, valueFont.Spacing);
        foreach (var (label, value) in entries)
        {
            yield return new Row(3, (canvas, top) =>
            {
                using var rule = Paint(ReportPalette.Rule);
                canvas.DrawLine(Margin, top + 1, Margin + ContentWidth, top + 1, rule);
            });
            var labels = TextWrapper.Wrap(label, labelFont, labelWidth - ColumnGap);
            var values = TextWrapper.Wrap(value, valueFont, ContentWidth - labelWidth);
            for (int i = 0; i < Math.Max(labels.Count, values.Count); i++)
            {
                string? labelLine = i < labels.Count ? labels[i] : null;
                string? valueLine = i < values.Count ? values[i] : null;
                yield return new Row(lineHeight, (canvas, top) =>
                {
                    if (labelLine is not null)
                    {
                        Text(canvas, labelLine, labelFont, ReportPalette.Muted, Margin, Baseline(labelFont, top));
                    }

                    if (valueLine is not null)
                    {
                        Text(canvas, valueLine, valueFont, ReportPalette.Ink, Margin + labelWidth, Baseline(valueFont, top));
                    }
                });
            }
        }
    }

    /// <summary>The legend, then the images three to a row at <paramref name="scale"/> with their captions, then the orientation.</summary>
    private IEnumerable<Row> KeyImages(float scale)
    {
        if (_images.Count == 0)
        {
            return Lines(ReportText.NoKeyImages, _body, ReportPalette.Ink, Margin, ContentWidth);
        }

        var rows = new List<Row>();
        foreach (var (colour, label) in ReportText.Legend(_report))
        {
            const float Swatch = 8;
            var lines = Lines(label, _body, ReportPalette.Ink, Margin + Swatch + 5, ContentWidth - Swatch - 5).ToList();
            var first = lines[0];
            rows.Add(first with
            {
                Draw = (canvas, top) =>
                {
                    using var fill = Paint(colour);
                    using var border = Paint(ReportPalette.Ink);
                    border.Style = SKPaintStyle.Stroke;
                    border.StrokeWidth = 0.5f;
                    float y = top + ((first.Height - Swatch) / 2);
                    canvas.DrawRect(Margin, y, Swatch, Swatch, fill);
                    canvas.DrawRect(Margin, y, Swatch, Swatch, border);
                    first.Draw!(canvas, top);
                },
            });
            rows.AddRange(lines.Skip(1));
        }

        rows.Add(new Row(4, null));
        const float CellWidth = (ContentWidth - ((ImagesPerRow - 1) * ImageGap)) / ImagesPerRow;
        for (int start = 0; start < _images.Count; start += ImagesPerRow)
        {
            var group = Enumerable.Range(start, Math.Min(ImagesPerRow, _images.Count - start)).ToList();
            var sizes = group.Select(i => FitCell(_images[i], CellWidth, scale)).ToList();
            rows.Add(new Row(sizes.Max(size => size.Height), (canvas, top) =>
            {
                using var paint = new SKPaint();
                for (int k = 0; k < group.Count; k++)
                {
                    float left = Margin + (k * (CellWidth + ImageGap)) + ((CellWidth - sizes[k].Width) / 2);
                    var rect = SKRect.Create(left, top, sizes[k].Width, sizes[k].Height);
                    canvas.DrawImage(_images[group[k]], rect, new SKSamplingOptions(SKFilterMode.Nearest), paint);
                }
            }));

            var captions = group.Select(i => TextWrapper.Wrap(_report.KeyImages[i].Caption, _body, CellWidth)).ToList();
            for (int line = 0; line < captions.Max(caption => caption.Count); line++)
            {
                var texts = captions.Select(caption => line < caption.Count ? caption[line] : null).ToList();
                rows.Add(new Row(_body.Spacing, (canvas, top) =>
                {
                    using var paint = Paint(ReportPalette.Muted);
                    for (int k = 0; k < texts.Count; k++)
                    {
                        if (texts[k] is { } text)
                        {
                            float centre = Margin + (k * (CellWidth + ImageGap)) + (CellWidth / 2);
                            canvas.DrawText(text, centre, Baseline(_body, top), SKTextAlign.Center, _body, paint);
                        }
                    }
                }));
            }

            rows.Add(new Row(4, null));
        }

        rows.AddRange(Lines(ReportText.Orientation, _small, ReportPalette.Muted, Margin, ContentWidth));
        return rows;
    }

    /// <summary>The image's size in points: the cell's width, at most <see cref="MaxImageHeight"/> tall, times the scale.</summary>
    private static SKSize FitCell(SKImage image, float cellWidth, float scale)
    {
        float width = cellWidth;
        float height = cellWidth * image.Height / image.Width;
        if (height > MaxImageHeight)
        {
            width *= MaxImageHeight / height;
            height = MaxImageHeight;
        }

        return new SKSize(width * scale, height * scale);
    }

    /// <summary>
    /// A font measured and placed as the PDF's embedded font is: unhinted, linear advances, subpixel positions.
    /// Hinted advances are rounded to whole points, so wrapped widths would drift from what the viewer draws and
    /// text extraction would see gaps inside words.
    /// </summary>
    private static SKFont Font(SKTypeface typeface, float size) =>
        new(typeface, size) { Hinting = SKFontHinting.None, LinearMetrics = true, Subpixel = true };

    private static float Baseline(SKFont font, float top) => top - font.Metrics.Ascent;

    private static void Text(SKCanvas canvas, string text, SKFont font, SKColor colour, float left, float baseline)
    {
        using var paint = Paint(colour);
        canvas.DrawText(text, left, baseline, SKTextAlign.Left, font, paint);
    }

    private static SKPaint Paint(SKColor colour) => new() { Color = colour, IsAntialias = true };
}
