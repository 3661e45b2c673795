using System.Buffers.Binary;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// The per-patient offset of the Retain Longitudinal Temporal Information with Modified Dates option: a whole
/// number of days, never zero, within ±max, from HMAC-SHA256(key, "date-shift:" + original Patient ID). Every date
/// of every study of the patient moves by the same offset, so intervals between a baseline and a follow-up stay
/// exact while the calendar dates are hidden.
/// </summary>
public readonly record struct DateShift(int Days)
{
    public static DateShift Derive(DeidentificationKey key, PatientLinkage linkage, int maxDays)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(linkage);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        ulong draw = BinaryPrimitives.ReadUInt64BigEndian(key.Hash(linkage.HashInput("date-shift")));
        // 2 * maxDays outcomes: the first half are -maxDays..-1, the second 1..maxDays. The modulo bias over 64 bits
        // is below 1e-16.
        int slot = (int)(draw % (ulong)(2 * maxDays));
        return new DateShift(slot < maxDays ? -(slot + 1) : slot - maxDays + 1);
    }

    /// <summary>A DA value (possibly multi-valued) shifted; null when a value is not a date this can shift.</summary>
    public string? ShiftDate(string value) => DicomDateText.ShiftDate(value, Days);

    /// <summary>A DT value with its date part shifted and the time and offset kept; null when unreadable.</summary>
    public string? ShiftDateTime(string value) => DicomDateText.ShiftDateTime(value, Days);
}
