namespace Hem.Dicom.Deidentification;

/// <summary>Which de-identification a deployment applies.</summary>
public enum DeidentificationProfile
{
    /// <summary>The Basic Application Level Confidentiality Profile alone.</summary>
    Basic,

    /// <summary>
    /// The basic profile with the Retain Longitudinal Temporal Information with Modified Dates option and the
    /// Retain Patient Characteristics option, for research deployments that follow patients over time.
    /// </summary>
    Research,
}

/// <summary>
/// What to retain beyond the Basic Profile. The profile sets the defaults; the switches refine them ("as
/// configured"): a research deployment may, for example, shift dates but not keep patient characteristics.
/// </summary>
public sealed record DeidentificationOptions
{
    /// <summary>The largest date shift, in days either way, for the modified-dates option.</summary>
    public const int DefaultMaxDateShiftDays = 365;

    public static DeidentificationOptions Basic { get; } = new() { Profile = DeidentificationProfile.Basic };

    public static DeidentificationOptions Research { get; } = new()
    {
        Profile = DeidentificationProfile.Research,
        RetainLongitudinalModifiedDates = true,
        RetainPatientCharacteristics = true,
    };

    public DeidentificationProfile Profile { get; init; }

    /// <summary>Shift every date by a per-patient whole number of days instead of removing it.</summary>
    public bool RetainLongitudinalModifiedDates { get; init; }

    /// <summary>Keep age, sex, size, weight and the other characteristics the option's column marks K.</summary>
    public bool RetainPatientCharacteristics { get; init; }

    /// <summary>Shifts lie in [-MaxDateShiftDays, -1] or [1, MaxDateShiftDays]; never zero.</summary>
    public int MaxDateShiftDays { get; init; } = DefaultMaxDateShiftDays;

    public static DeidentificationOptions For(DeidentificationProfile profile) =>
        profile == DeidentificationProfile.Research ? Research : Basic;

    /// <summary>The table's option columns these settings apply.</summary>
    public IReadOnlyList<ProfileOption> AppliedOptions()
    {
        var options = new List<ProfileOption>(2);
        if (RetainPatientCharacteristics)
        {
            options.Add(ProfileOption.RetainPatientCharacteristics);
        }

        if (RetainLongitudinalModifiedDates)
        {
            options.Add(ProfileOption.RetainLongitudinalModifiedDates);
        }

        return options;
    }

    internal void Validate()
    {
        if (MaxDateShiftDays is < 1 or > 3650)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDateShiftDays), MaxDateShiftDays, "the date shift bound must lie between 1 and 3650 days");
        }
    }
}
