using System.Text.RegularExpressions;

namespace Hem.Dicom.Validation;

/// <summary>
/// Whether an object shows a contrast agent was given. Recorded evidence: ContrastBolusAgent (0018,0010) holding
/// an agent (not a placeholder such as NONE, N/A or "no contrast"), a ContrastBolusAgentSequence (0018,0012) item,
/// or an Enhanced CT ContrastBolusUsageSequence (0018,9341) item with ContrastBolusAgentAdministered YES. Named
/// evidence: a SeriesDescription with C+ or +C, CTA, CTV, CTP, angio, perfusion, or the word contrast not
/// negated (W/O, WO, WITHOUT, NO, NON). The study description is not used: one study often holds both the
/// non-contrast head and the angiogram.
/// </summary>
internal static partial class ContrastEvidence
{
    public static bool IsRecorded(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.GetString(DicomTags.ContrastBolusAgent) is { } agent && NamesAgent(agent))
        {
            return true;
        }

        if (dataset.GetSequence(DicomTags.ContrastBolusAgentSequence) is { Items.Count: > 0 })
        {
            return true;
        }

        return UsageItems(dataset).Any(item =>
            string.Equals(item.GetString(DicomTags.ContrastBolusAgentAdministered), "YES", StringComparison.OrdinalIgnoreCase));
    }

    public static bool IsNamed(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return false;
        }

        return ContrastStudy().IsMatch(description) || ContrastWord().Count(description) > NegatedContrast().Count(description);
    }

    private static bool NamesAgent(string agent)
    {
        string trimmed = agent.Trim();
        return trimmed.Length > 0 && !Placeholder().IsMatch(trimmed) && NegatedContrast().Count(trimmed) == 0;
    }

    /// <summary>Usage items at the top level, in the shared functional groups, or in the first frame's.</summary>
    private static IEnumerable<DicomDataset> UsageItems(DicomDataset dataset)
    {
        var places = new List<DicomDataset> { dataset };
        foreach (var groups in new[] { DicomTags.SharedFunctionalGroupsSequence, DicomTags.PerFrameFunctionalGroupsSequence })
        {
            if (dataset.GetSequence(groups) is { Items.Count: > 0 } sequence)
            {
                places.Add(sequence.Items[0]);
            }
        }

        return places.SelectMany(place => place.GetSequence(DicomTags.ContrastBolusUsageSequence)?.Items ?? []);
    }

    [GeneratedRegex(@"\bC\+|\+\s*C\b|\bCT[AVP]\b|ANGIO|PERFUSION", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContrastStudy();

    [GeneratedRegex("CONTRAST", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContrastWord();

    [GeneratedRegex(@"(?:\bW/?O(?:UT)?|\bWITHOUT|\bNON|\bNO)[\s\-_.]*CONTRAST", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NegatedContrast();

    [GeneratedRegex(@"^(?:NONE|NO|N/?A|NIL|NULL|-+|0)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
