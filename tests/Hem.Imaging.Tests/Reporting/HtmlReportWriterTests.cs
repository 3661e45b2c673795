using System.Text;
using System.Text.RegularExpressions;
using Hem.Imaging.Reporting;

namespace Hem.Imaging.Tests.Reporting;

public sealed partial class HtmlReportWriterTests
{
    [Fact]
    public void The_report_gives_the_volumes_in_mL_with_one_decimal_the_growth_and_the_expansion_verdict()
    {
        var report = SampleReports.Expanding;
        string html = HtmlReportWriter.Render(report);

        Assert.All(SampleReports.FormattedNumbers(report), number => Assert.Contains($"<td>{number}</td>", html));
        Assert.Contains("15.3 mL", html);
        Assert.Contains(">Hematoma expansion predicted<", html);
        Assert.Contains("growth &gt;= 6 mL or &gt;= 33 % of baseline", html);
        Assert.Contains("HEM-7F3A-29C1", html);
        Assert.Contains("2025-03-14 08:26:53 UTC", html);
        Assert.Contains("The brain mask is small for an adult head (1010 mL).", html);
    }

    [Fact]
    public void The_limits_say_synthetic_training_research_software_no_medical_device_and_quote_the_model()
    {
        string html = HtmlReportWriter.Render(SampleReports.Expanding);

        Assert.Contains("Trained on synthetic data only: no patient scan was used", html);
        Assert.Contains("Research software, not a medical device.", html);
        Assert.Contains("Not for clinical decisions", html);
        Assert.Contains(SampleReports.TrainingData, html);
    }

    [Fact]
    public void Growth_below_both_thresholds_is_no_expansion_and_rounds_to_one_decimal()
    {
        var report = SampleReports.Expanding with { BaselineVolumeMl = 20.04, PredictedVolumeMl = 24.96, AbcOverTwoMl = null };
        string html = HtmlReportWriter.Render(report);

        Assert.False(report.ExpansionPredicted);
        Assert.Contains(">No hematoma expansion predicted<", html);
        Assert.Contains("<td>20.0 mL</td>", html);
        Assert.Contains("<td>25.0 mL</td>", html);
        Assert.Contains("<td>+4.9 mL (+24.6 %)</td>", html);
        Assert.DoesNotContain("ABC/2", html);
    }

    [Fact]
    public void Either_threshold_alone_makes_expansion_and_shrinkage_is_signed()
    {
        Assert.True((SampleReports.Expanding with { BaselineVolumeMl = 40, PredictedVolumeMl = 46 }).ExpansionPredicted);
        Assert.True((SampleReports.Expanding with { BaselineVolumeMl = 3, PredictedVolumeMl = 4 }).ExpansionPredicted);
        var shrinking = SampleReports.Expanding with { BaselineVolumeMl = 10, PredictedVolumeMl = 9.5 };

        Assert.False(shrinking.ExpansionPredicted);
        Assert.Contains("<td>-0.5 mL (-5.0 %)</td>", HtmlReportWriter.Render(shrinking));
    }

    [Fact]
    public void A_caption_with_markup_is_encoded_not_run()
    {
        var image = SampleReports.Expanding.KeyImages[0];
        var report = SampleReports.Expanding with { KeyImages = [image with { Caption = "<script>alert('x')</script> slice 3 & 4" }] };

        string html = HtmlReportWriter.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; slice 3 &amp; 4", html);
    }

    [Fact]
    public void Key_images_are_PNG_data_URIs_that_decode_to_the_bytes_given_in_order()
    {
        var report = SampleReports.Expanding;
        string html = HtmlReportWriter.Render(report);

        var sources = DataUri().Matches(html).Select(match => Convert.FromBase64String(match.Groups[1].Value)).ToList();

        Assert.Equal(3, report.KeyImages.Count);
        Assert.Equal(report.KeyImages.Select(image => image.Png.ToArray()), sources);
        Assert.DoesNotContain("http:", html);
        Assert.DoesNotContain("https:", html);
        foreach (var image in report.KeyImages)
        {
            Assert.Contains($"<figcaption>{image.Caption}</figcaption>", html);
        }
    }

    [Fact]
    public void The_legend_shows_the_outline_colours_the_key_images_are_drawn_in()
    {
        string html = HtmlReportWriter.Render(SampleReports.Expanding);

        Assert.Contains("background:#56b4e9\"></span>Baseline hematoma (blue)", html);
        Assert.Contains("background:#d55e00\"></span>Predicted follow-up hematoma (orange", html);
    }

    [Fact]
    public void A_study_without_hematoma_says_so_and_claims_no_growth_or_verdict()
    {
        string html = HtmlReportWriter.Render(SampleReports.Healthy);

        SampleReports.AssertSaysNoHematomaWasFound(html);
        Assert.Contains("<td>0.0 mL (none found)</td>", html);
        Assert.DoesNotContain("Baseline hematoma (", html);
    }

    [Fact]
    public async Task WriteAsync_writes_the_rendered_document_as_UTF8_without_a_byte_order_mark()
    {
        using var stream = new MemoryStream();
        await HtmlReportWriter.WriteAsync(SampleReports.Healthy, stream, TestContext.Current.CancellationToken);

        byte[] bytes = stream.ToArray();
        Assert.Equal((byte)'<', bytes[0]);
        Assert.Equal(HtmlReportWriter.Render(SampleReports.Healthy), Encoding.UTF8.GetString(bytes));
    }

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();
}
