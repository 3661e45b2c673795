namespace Hem.Dicom.Deidentification;

/// <summary>
/// Turns a table row's codes into one action for one element. HemFunctions writes objects that must stay valid, and
/// it knows the element but not the attribute's Type in every IOD, so combined codes are resolved from what the
/// element holds:
/// <list type="bullet">
/// <item>X/Z becomes Z. The standard allows X/Z only for Type 2 and 3 attributes, for which an empty value is always
/// valid, so emptying a present attribute never breaks an object and leaves nothing behind.</item>
/// <item>X/D, Z/D and X/Z/D become D when the element holds a value and Z when it is already empty. The D in these
/// codes exists because some IOD makes the attribute Type 1; a value present in the source is the only sign this
/// object may be one of them, and a dummy is valid for every Type while carrying nothing. An empty source value was
/// not Type 1 data, so it stays empty.</item>
/// <item>X/Z/U* (Referenced Image Sequence, Source Image Sequence) keeps the sequence and replaces the instance UIDs
/// inside it, because the references are what relates a derived image to its source.</item>
/// <item>D alone always gives a dummy; for a sequence, items keep their structure with dummy content.</item>
/// </list>
/// Options replace the basic code where their column has one: K keeps; C under the modified-dates option shifts DA
/// and DT values and keeps TM (a time of day identifies nothing once the date has moved); any other C (the patient
/// characteristics option's Allergies, Patient State, Pre-Medication, Special Needs) falls back to the basic code,
/// because cleaning free text of identity cannot be done reliably by a program.
/// </summary>
public sealed class ProfileActionResolver(DeidentificationOptions options)
{
    private readonly IReadOnlyList<ProfileOption> _applied = (options ?? throw new ArgumentNullException(nameof(options))).AppliedOptions();

    public DeidentificationAction Resolve(ConfidentialityProfileRow row, DicomVR vr, bool hasValue)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var option in _applied)
        {
            string? code = row.OptionAction(option);
            if (code is null)
            {
                continue;
            }

            if (string.Equals(code, "K", StringComparison.Ordinal))
            {
                return DeidentificationAction.Keep;
            }

            if (string.Equals(code, "X", StringComparison.Ordinal))
            {
                return DeidentificationAction.Remove;
            }

            if (option == ProfileOption.RetainLongitudinalModifiedDates)
            {
                if (vr == DicomVR.DA || vr == DicomVR.DT)
                {
                    return DeidentificationAction.ShiftDate;
                }

                if (vr == DicomVR.TM)
                {
                    return DeidentificationAction.Keep;
                }
            }
        }

        return ResolveBasic(row.BasicAction, vr, hasValue);
    }

    /// <summary>The basic-profile code alone (also the fallback when no applied option changes it).</summary>
    public static DeidentificationAction ResolveBasic(string code, DicomVR vr, bool hasValue) => code switch
    {
        "K" => DeidentificationAction.Keep,
        "X" => DeidentificationAction.Remove,
        "Z" or "X/Z" => DeidentificationAction.Empty,
        "D" => DeidentificationAction.Dummy,
        "X/D" or "Z/D" or "X/Z/D" => hasValue ? DeidentificationAction.Dummy : DeidentificationAction.Empty,
        "U" => DeidentificationAction.ReplaceUid,
        "X/Z/U*" => vr == DicomVR.SQ ? DeidentificationAction.Keep : DeidentificationAction.ReplaceUid,
        // The table has no basic C; were one added, cleaning is not something this code can do, so remove.
        "C" => DeidentificationAction.Remove,
        _ => throw new ArgumentException($"unknown confidentiality profile action code '{code}'", nameof(code)),
    };
}
