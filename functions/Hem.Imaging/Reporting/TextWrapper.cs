using System.Globalization;
using SkiaSharp;

namespace Hem.Imaging.Reporting;

/// <summary>
/// Greedy line breaking for the PDF: words (split at spaces) are added to a line while it measures within the width;
/// a word wider than the width on its own is broken between text elements (hashes and paths have no spaces). Line
/// breaks in the text start new lines; nothing is dropped, so the lines joined hold every non-space character.
/// </summary>
internal static class TextWrapper
{
    public static IReadOnlyList<string> Wrap(string text, SKFont font, float width)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(font);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var lines = new List<string>();
        foreach (string paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            WrapParagraph(paragraph, font, width, lines);
        }

        return lines;
    }

    private static void WrapParagraph(string paragraph, SKFont font, float width, List<string> lines)
    {
        string line = string.Empty;
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            string joined = line.Length == 0 ? word : $"{line} {word}";
            if (font.MeasureText(joined) <= width)
            {
                line = joined;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            while (font.MeasureText(line) > width)
            {
                int fit = FittingPrefix(line, font, width);
                lines.Add(line[..fit]);
                line = line[fit..];
            }
        }

        lines.Add(line);
    }

    /// <summary>The length of the longest prefix of whole text elements within the width; at least one element.</summary>
    private static int FittingPrefix(string word, SKFont font, float width)
    {
        int[] starts = StringInfo.ParseCombiningCharacters(word);
        int fit = starts.Length > 1 ? starts[1] : word.Length;
        for (int i = 2; i <= starts.Length; i++)
        {
            int end = i < starts.Length ? starts[i] : word.Length;
            if (font.MeasureText(word.AsSpan(0, end)) > width)
            {
                break;
            }

            fit = end;
        }

        return fit;
    }
}
