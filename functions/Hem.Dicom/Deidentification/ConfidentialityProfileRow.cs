namespace Hem.Dicom.Deidentification;

/// <summary>
/// One row of PS3.15 Table E.1-1 as transcribed in <c>confidentiality-profile.tsv</c>: the attribute (a tag, a
/// repeating-group mask, or the private-attribute rule), the Basic Profile action code and the option action codes.
/// Action codes are kept exactly as the standard writes them ("X", "X/Z", "X/Z/U*", ...); what they mean for one
/// element is decided by <see cref="ProfileActionResolver"/>.
/// </summary>
public sealed record ConfidentialityProfileRow(
    string TagText,
    string Name,
    bool InStandardCompositeIod,
    string BasicAction,
    IReadOnlyDictionary<ProfileOption, string> OptionActions)
{
    /// <summary>The option's action code for this attribute, or null where the option leaves the basic action.</summary>
    public string? OptionAction(ProfileOption option) => OptionActions.GetValueOrDefault(option);
}
