using System.Globalization;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// Calendar arithmetic on DA and DT text (PS3.5 6.2). Days are added with <see cref="DateOnly"/>, so month
/// lengths and leap years come out right. Anything that is not a date this can read exactly (a query range, free
/// text in a date field) yields null: the caller then replaces the value instead of guessing.
/// </summary>
public static class DicomDateText
{
    public static string? ShiftDate(string value, int days)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ShiftEach(value, days, ShiftOneDate);
    }

    public static string? ShiftDateTime(string value, int days)
    {
        ArgumentNullException.ThrowIfNull(value);
        return ShiftEach(value, days, ShiftOneDateTime);
    }

    private static string? ShiftEach(string value, int days, Func<string, int, string?> shiftOne)
    {
        string[] parts = value.Split('\\');
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i].Trim('\0', ' ');
            if (part.Length == 0)
            {
                parts[i] = part;
                continue;
            }

            if (shiftOne(part, days) is not { } shifted)
            {
                return null;
            }

            parts[i] = shifted;
        }

        return string.Join('\\', parts);
    }

    // YYYYMMDD, or the ACR-NEMA form YYYY.MM.DD that old files still carry (written back as YYYYMMDD).
    private static string? ShiftOneDate(string text, int days)
    {
        string digits = text.Length == 10 && text[4] == '.' && text[7] == '.' ? text.Remove(7, 1).Remove(4, 1) : text;
        return digits.Length == 8 && TryParse(digits, "yyyyMMdd", out var date) && TryAdd(date, days, out var shifted)
            ? shifted.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : null;
    }

    // YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]][&ZZXX]: the date part moves, the rest is kept byte for byte. A partial date
    // (year, or year and month) is shifted from its first day and written back at the same precision.
    private static string? ShiftOneDateTime(string text, int days)
    {
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        string rest = text[Math.Min(digits, 8)..];
        (string format, string padded) = digits switch
        {
            >= 8 => ("yyyyMMdd", text[..8]),
            6 => ("yyyyMM", text[..6] + "01"),
            4 => ("yyyy", text[..4] + "0101"),
            _ => (string.Empty, string.Empty),
        };
        if (format.Length == 0 || (digits < 8 && rest.Length > 0 && rest[0] is not ('+' or '-')))
        {
            return null;
        }

        return TryParse(padded, "yyyyMMdd", out var date) && TryAdd(date, days, out var shifted)
            ? shifted.ToString(format, CultureInfo.InvariantCulture) + rest
            : null;
    }

    private static bool TryParse(string text, string format, out DateOnly date) =>
        DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    private static bool TryAdd(DateOnly date, int days, out DateOnly shifted)
    {
        int dayNumber = date.DayNumber + days;
        if (dayNumber < DateOnly.MinValue.DayNumber || dayNumber > DateOnly.MaxValue.DayNumber)
        {
            shifted = default;
            return false;
        }

        shifted = DateOnly.FromDayNumber(dayNumber);
        return true;
    }
}
