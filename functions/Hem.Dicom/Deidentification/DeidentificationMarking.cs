namespace Hem.Dicom.Deidentification;

/// <summary>
/// What a de-identified object says about itself (PS3.15 E.1.1 and PS3.3 C.7.1.1): Patient Identity Removed YES,
/// De-identification Method (text), De-identification Method Code Sequence (CID 7050 codes: DCM 113100 always,
/// 113107 when dates were shifted, 113108 when patient characteristics were kept), Longitudinal Temporal Information
/// Modified (MODIFIED or REMOVED), and the patient pseudonym in Patient's Name and Patient ID. The audit reads the
/// code sequence back to learn which options the object claims. Code values and meanings are those of PS3.16
/// CID 7050 "De-identification Method" (value set 1.2.840.10008.6.1.925).
/// </summary>
public static class DeidentificationMarking
{
    public const string BasicProfileCode = "113100";
    public const string ModifiedDatesCode = "113107";
    public const string PatientCharacteristicsCode = "113108";

    public const string BasicProfileMeaning = "Basic Application Confidentiality Profile";
    public const string ModifiedDatesMeaning = "Retain Longitudinal Temporal Information Modified Dates Option";
    public const string PatientCharacteristicsMeaning = "Retain Patient Characteristics Option";

    /// <summary>LO values, each under the 64-character limit.</summary>
    public const string MethodBasic = "PS3.15 E.1-1 Basic Profile, HemFunctions";
    public const string MethodKeyed = "UIDs and patient pseudonym keyed (HMAC-SHA256)";
    public const string MethodModifiedDates = "Dates shifted per patient (Modified Dates Option)";
    public const string MethodPatientCharacteristics = "Patient characteristics kept (Option)";

    public static void Apply(DicomDataset target, string pseudonym, DeidentificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(pseudonym);
        ArgumentNullException.ThrowIfNull(options);
        target.SetString(DicomTags.PatientName, DicomVR.PN, pseudonym);
        target.SetString(DicomTags.PatientID, DicomVR.LO, pseudonym);
        target.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES");

        var methods = new List<string> { MethodBasic, MethodKeyed };
        var codes = new DicomSequence(DicomTags.DeidentificationMethodCodeSequence);
        codes.Add(Code(target, BasicProfileCode, BasicProfileMeaning));
        if (options.RetainLongitudinalModifiedDates)
        {
            methods.Add(MethodModifiedDates);
            codes.Add(Code(target, ModifiedDatesCode, ModifiedDatesMeaning));
        }

        if (options.RetainPatientCharacteristics)
        {
            methods.Add(MethodPatientCharacteristics);
            codes.Add(Code(target, PatientCharacteristicsCode, PatientCharacteristicsMeaning));
        }

        target.SetString(DicomTags.DeidentificationMethod, DicomVR.LO, string.Join('\\', methods));
        target.Set(codes);
        target.SetString(DicomTags.LongitudinalTemporalInformationModified, DicomVR.CS, options.RetainLongitudinalModifiedDates ? "MODIFIED" : "REMOVED");
    }

    /// <summary>The table options an object claims through its code sequence (what the audit may accept).</summary>
    public static DeidentificationOptions ClaimedOptions(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var codes = dataset.GetSequence(DicomTags.DeidentificationMethodCodeSequence)?.Items
            .Where(item => string.Equals(item.GetString(DicomTags.CodingSchemeDesignator), "DCM", StringComparison.Ordinal))
            .Select(item => item.GetString(DicomTags.CodeValue))
            .ToHashSet(StringComparer.Ordinal) ?? [];
        return new DeidentificationOptions
        {
            Profile = DeidentificationProfile.Basic,
            RetainLongitudinalModifiedDates = codes.Contains(ModifiedDatesCode),
            RetainPatientCharacteristics = codes.Contains(PatientCharacteristicsCode),
        };
    }

    public static bool ClaimsBasicProfile(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.GetSequence(DicomTags.DeidentificationMethodCodeSequence)?.Items
            .Any(item => string.Equals(item.GetString(DicomTags.CodeValue), BasicProfileCode, StringComparison.Ordinal)
                && string.Equals(item.GetString(DicomTags.CodingSchemeDesignator), "DCM", StringComparison.Ordinal)) == true;
    }

    private static DicomDataset Code(DicomDataset parent, string value, string meaning)
    {
        var item = new DicomDataset(parent);
        item.SetString(DicomTags.CodeValue, DicomVR.SH, value);
        item.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, "DCM");
        item.SetString(DicomTags.CodeMeaning, DicomVR.LO, meaning);
        return item;
    }
}
