using System.Globalization;

namespace Hem.Dicom.Validation;

/// <summary>"1 object", "16 objects", "all 16 of its objects": reasons are read by people, who notice "1 objects".</summary>
internal static class Counted
{
    public static string Of(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>"its only object", "all 16 of its objects", "3 of its 16 objects".</summary>
    public static string Among(int some, int all, string noun)
    {
        if (some == all)
        {
            return all == 1 ? $"its only {noun}" : string.Create(CultureInfo.InvariantCulture, $"all {all} of its {noun}s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{some} of its {Of(all, noun)}");
    }
}
