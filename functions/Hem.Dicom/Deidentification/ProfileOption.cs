namespace Hem.Dicom.Deidentification;

/// <summary>
/// The option columns of PS3.15 Table E.1-1, in the table's order. Each option, when applied, replaces the Basic
/// Profile action of the attributes it lists.
/// </summary>
public enum ProfileOption
{
    RetainSafePrivate,
    RetainUids,
    RetainDeviceIdentity,
    RetainInstitutionIdentity,
    RetainPatientCharacteristics,
    RetainLongitudinalFullDates,
    RetainLongitudinalModifiedDates,
    CleanDescriptors,
    CleanStructuredContent,
    CleanGraphics,
}
