namespace Hem.Dicom.Deidentification;

/// <summary>
/// The value written to Patient's Name and Patient ID: "HEM-" and the first 12 hex digits (48 bits) of
/// HMAC-SHA256(key, "patient:" + original Patient ID). Studies of one patient get the same pseudonym in one
/// deployment, so a research deployment can link a baseline and a follow-up without knowing who the patient is.
/// When the original Patient ID is empty the study stands in (see <see cref="PatientLinkage"/>), so patients
/// without an ID are never merged into one pseudonym.
/// </summary>
public static class PatientPseudonym
{
    public const string Prefix = "HEM-";
    public const int HexDigits = 12;

    public static string Derive(DeidentificationKey key, PatientLinkage linkage)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(linkage);
        return Prefix + Convert.ToHexStringLower(key.Hash(linkage.HashInput("patient")).AsSpan(0, HexDigits / 2));
    }

    /// <summary>Whether a value has the shape this class writes.</summary>
    public static bool IsPseudonym(string value) =>
        value is { Length: 16 } && value.StartsWith(Prefix, StringComparison.Ordinal)
        && value[Prefix.Length..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}

/// <summary>
/// What ties one object to its patient for keyed derivations: the original Patient ID, or, when that is empty, the
/// original Study Instance UID standing in for an unknown patient. Only ever hashed; never written or printed.
/// </summary>
public sealed class PatientLinkage
{
    private readonly string _patientId;
    private readonly string _studyInstanceUid;

    private PatientLinkage(string patientId, string studyInstanceUid)
    {
        _patientId = patientId;
        _studyInstanceUid = studyInstanceUid;
    }

    /// <summary>False when the object had no Patient ID and its study stands in for the patient.</summary>
    public bool ByPatientId => _patientId.Length > 0;

    public static PatientLinkage Of(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return new PatientLinkage(
            dataset.GetString(DicomTags.PatientID)?.Trim() ?? string.Empty,
            dataset.GetString(DicomTags.StudyInstanceUID)?.Trim('\0', ' ') ?? string.Empty);
    }

    /// <summary>
    /// "purpose:" + Patient ID; without an ID, "purpose-of-study:" + Study Instance UID, a prefix no Patient ID
    /// input can produce, so the stand-in never collides with a real patient.
    /// </summary>
    internal string HashInput(string purpose) =>
        ByPatientId ? purpose + ":" + _patientId : purpose + "-of-study:" + _studyInstanceUid;

    public override string ToString() => "PatientLinkage(redacted)";
}
