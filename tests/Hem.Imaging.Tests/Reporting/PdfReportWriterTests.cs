using System.Text.RegularExpressions;
using Hem.Imaging.Reporting;
using Hem.Testing;
using SkiaSharp;

namespace Hem.Imaging.Tests.Reporting;

/// <summary>The PDF checked with poppler: rendered by pdftoppm (pages, ink) and read back by pdftotext (the text).</summary>
public sealed partial class PdfReportWriterTests : IDisposable
{
    private const string PopplerHint = "apt-get install poppler-utils";

    private readonly string _folder = Directory.CreateTempSubdirectory("hem-report-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_PDF_renders_to_one_A4_page_with_images_and_dark_text()
    {
        var pages = await RenderPagesAsync(SampleReports.Expanding);

        using var page = Assert.Single(pages);
        // A4 at 50 dpi: 8.27 x 11.69 in.
        Assert.InRange(page.Width, 412, 415);
        Assert.InRange(page.Height, 584, 586);
        Assert.InRange(InkFraction(page, 0, page.Height), 0.08, 0.9);
        // The title band (the top 40 pt, 28 px at 50 dpi, below the 40 pt margin) holds only text.
        int titleTop = 40 * 50 / 72;
        Assert.True(DarkPixels(page, titleTop, titleTop + 20) > 40, "the title drew no dark pixels");
    }

    [Fact]
    public async Task The_PDF_text_holds_the_volumes_as_formatted_the_verdict_and_the_limits()
    {
        var report = SampleReports.Expanding;
        string text = await ExtractTextAsync(report);

        Assert.All(SampleReports.FormattedNumbers(report), number => Assert.Contains(number, text));
        Assert.Contains("Hematoma expansion predicted", text);
        Assert.Contains("synthetic", text);
        Assert.Contains("Trained on synthetic data only: no patient scan was used to train or test the model", text);
        Assert.Contains("Research software, not a medical device.", text);
        Assert.Contains(SampleReports.TrainingData, text);
        Assert.Contains("slice 14 of 26", text);
        Assert.Contains("f04e6ae4d56b3ef2690d2ddf4b5d4bfcfaef6e32d02b5995ac3bc4ce4c2ef201", text.Replace(" ", string.Empty, StringComparison.Ordinal));
        Assert.Contains("2025-03-14 08:26:53 UTC", text);
    }

    [Fact]
    public async Task A_study_without_hematoma_says_so_in_the_PDF_and_claims_no_growth_or_verdict()
    {
        var pages = await RenderPagesAsync(SampleReports.Healthy);
        string text = await ExtractTextAsync(SampleReports.Healthy);

        using var page = Assert.Single(pages);
        Assert.True(InkFraction(page, 0, page.Height) > 0.05);
        SampleReports.AssertSaysNoHematomaWasFound(text);
    }

    [Fact]
    public async Task Text_too_long_for_one_page_runs_on_to_a_second_page_rather_than_being_cut()
    {
        var warnings = Enumerable.Range(1, 70).Select(i => $"Warning number {i}: the series has a gap between slices {i} and {i + 1}.").ToList();
        var report = SampleReports.Expanding with { Warnings = warnings };

        var pages = await RenderPagesAsync(report);
        string text = await ExtractTextAsync(report);

        Assert.Equal(2, pages.Count);
        foreach (var page in pages)
        {
            page.Dispose();
        }

        Assert.All(warnings, warning => Assert.Contains(warning, text));
        Assert.Contains("Page 2 of 2", text);
        Assert.Contains("f04e6ae4d56b3ef2690d2ddf4b5d4bfcfaef6e32d02b5995ac3bc4ce4c2ef201", text.Replace(" ", string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_model_statement_still_fits_one_page_with_smaller_images()
    {
        string statement = string.Join(' ', Enumerable.Repeat("Trained on synthetic data only and never on patient scans.", 30));
        var report = SampleReports.Expanding with { TrainingDataStatement = statement };

        var pages = await RenderPagesAsync(report);
        string text = await ExtractTextAsync(report);

        using var page = Assert.Single(pages);
        Assert.Equal(30, Regex.Count(text, "never on patient scans"));
    }

    [Fact]
    public async Task WriteAsync_writes_the_same_bytes_as_Render_and_the_output_is_reproducible()
    {
        using var stream = new MemoryStream();
        await PdfReportWriter.WriteAsync(SampleReports.Expanding, stream, Token);

        byte[] rendered = PdfReportWriter.Render(SampleReports.Expanding);
        Assert.Equal(rendered, stream.ToArray());
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(rendered, 0, 5));
    }

    [Fact]
    public void An_image_that_is_not_a_PNG_is_refused_with_its_caption()
    {
        var report = SampleReports.Expanding with { KeyImages = [new KeyImage(new byte[] { 1, 2, 3 }, "slice 1 of 1")] };

        var error = Assert.Throws<ArgumentException>(() => PdfReportWriter.Render(report));
        Assert.Contains("slice 1 of 1", error.Message);
    }

    private async Task<string> WritePdfAsync(StudyReport report)
    {
        string pdf = Path.Combine(_folder, $"report-{Guid.NewGuid():N}.pdf");
        await using (var file = File.Create(pdf))
        {
            await PdfReportWriter.WriteAsync(report, file, Token);
        }

        return pdf;
    }

    /// <summary>Every page as pdftoppm renders it at 50 dpi.</summary>
    private async Task<List<SKBitmap>> RenderPagesAsync(StudyReport report)
    {
        string pdftoppm = ExternalTool.Require("pdftoppm", PopplerHint);
        string pdf = await WritePdfAsync(report);
        string prefix = Path.Combine(_folder, Path.GetFileNameWithoutExtension(pdf));
        var result = await ExternalTool.RunAsync(pdftoppm, ["-r", "50", "-png", pdf, prefix], TimeSpan.FromSeconds(60), Token);
        Assert.True(result.ExitCode == 0, $"pdftoppm failed: {result.StandardError}");
        return [.. Directory.GetFiles(_folder, Path.GetFileName(prefix) + "-*.png").Order(StringComparer.Ordinal)
            .Select(png => SKBitmap.Decode(png) ?? throw new InvalidOperationException($"{png} does not decode"))];
    }

    /// <summary>The text pdftotext reads from the PDF, in reading order, with runs of spaces and line breaks made one space.</summary>
    private async Task<string> ExtractTextAsync(StudyReport report)
    {
        string pdftotext = ExternalTool.Require("pdftotext", PopplerHint);
        string pdf = await WritePdfAsync(report);
        var result = await ExternalTool.RunAsync(pdftotext, ["-enc", "UTF-8", pdf, "-"], TimeSpan.FromSeconds(60), Token);
        Assert.True(result.ExitCode == 0, $"pdftotext failed: {result.StandardError}");
        return Whitespace().Replace(result.StandardOutput, " ");
    }

    /// <summary>The fraction of pixels in rows [top, bottom) that are not white.</summary>
    private static double InkFraction(SKBitmap page, int top, int bottom) =>
        (double)CountPixels(page, top, bottom, pixel => pixel.Red < 245 || pixel.Green < 245 || pixel.Blue < 245) / (page.Width * (bottom - top));

    private static int DarkPixels(SKBitmap page, int top, int bottom) =>
        CountPixels(page, top, bottom, pixel => pixel.Red < 100 && pixel.Green < 100 && pixel.Blue < 100);

    private static int CountPixels(SKBitmap page, int top, int bottom, Func<SKColor, bool> counts)
    {
        int count = 0;
        for (int y = top; y < bottom; y++)
        {
            for (int x = 0; x < page.Width; x++)
            {
                if (counts(page.GetPixel(x, y)))
                {
                    count++;
                }
            }
        }

        return count;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
