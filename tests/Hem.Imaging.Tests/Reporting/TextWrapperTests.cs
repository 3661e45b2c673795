using Hem.Imaging.Reporting;
using SkiaSharp;

namespace Hem.Imaging.Tests.Reporting;

public sealed class TextWrapperTests
{
    [Fact]
    public void Lines_stay_within_the_width_and_keep_every_word_in_order()
    {
        using var font = new SKFont(ReportFonts.Regular, 10);
        string text = string.Join(' ', Enumerable.Range(1, 60).Select(i => $"word{i}"));

        var lines = TextWrapper.Wrap(text, font, 120);

        Assert.True(lines.Count > 5);
        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 120, $"'{line}' is {font.MeasureText(line)} wide"));
        Assert.Equal(text, string.Join(' ', lines));
    }

    [Fact]
    public void A_word_wider_than_the_line_is_broken_between_characters_and_nothing_is_lost()
    {
        using var font = new SKFont(ReportFonts.Regular, 10);
        string hash = "f04e6ae4d56b3ef2690d2ddf4b5d4bfcfaef6e32d02b5995ac3bc4ce4c2ef201";

        var lines = TextWrapper.Wrap($"SHA-256 {hash}", font, 100);

        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 100));
        Assert.Equal("SHA-256", lines[0]);
        Assert.Equal(hash, string.Concat(lines.Skip(1)));
    }

    [Fact]
    public void Line_breaks_in_the_text_start_new_lines_and_an_empty_text_is_one_empty_line()
    {
        using var font = new SKFont(ReportFonts.Bold, 10);

        Assert.Equal(["first", "second"], TextWrapper.Wrap("first\r\nsecond", font, 300));
        Assert.Equal([string.Empty], TextWrapper.Wrap(string.Empty, font, 300));
    }

    [Fact]
    public void The_bundled_fonts_measure_text()
    {
        using var regular = new SKFont(ReportFonts.Regular, 10);
        using var bold = new SKFont(ReportFonts.Bold, 10);

        Assert.Equal("DejaVu Sans", ReportFonts.Regular.FamilyName);
        Assert.True(regular.MeasureText("Hematoma") > 30);
        Assert.True(bold.MeasureText("Hematoma") > regular.MeasureText("Hematoma"));
    }
}
