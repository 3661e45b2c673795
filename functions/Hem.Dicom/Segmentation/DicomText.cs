using System.Globalization;

namespace Hem.Dicom.Segmentation;

/// <summary>Checks and formats for the few text values the segmentation writer composes itself.</summary>
internal static class DicomText
{
    /// <summary>LO: not blank, at most 64 characters, no backslash (which would split it into two values).</summary>
    public static void RequireLongString(string text, string name) => Require(text, 64, name);

    public static void Require(string text, int maximum, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text, name);
        if (text.Length > maximum || text.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"{name} has at most {maximum} characters and no backslash", name);
        }
    }

    /// <summary>CS: 1 to 16 upper-case letters, digits, spaces or underscores.</summary>
    public static void RequireCodeString(string text, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text, name);
        if (text.Length > 16 || !text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c is ' ' or '_'))
        {
            throw new ArgumentException($"{name} must be 1 to 16 upper-case letters, digits, spaces or underscores (a DICOM CS value)", name);
        }
    }

    /// <summary>
    /// A DS value of at most 16 characters: the shortest round-trip text when it fits, otherwise the most significant
    /// digits that fit, so positions and directions keep all the precision the VR allows.
    /// </summary>
    public static string Decimal(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "a DS value must be finite");
        }

        string text = value.ToString("R", CultureInfo.InvariantCulture);
        for (int digits = 15; text.Length > 16; digits--)
        {
            text = value.ToString("G" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return text;
    }

    /// <summary>Several DS values joined with backslashes.</summary>
    public static string Decimals(params double[] values) => string.Join('\\', values.Select(Decimal));

    public static string Integer(int value) => value.ToString(CultureInfo.InvariantCulture);
}
