using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Hem.Dicom.Deidentification;

/// <summary>
/// What happens to an attribute Table E.1-1 does not list. The standard keeps such attributes; HemFunctions is sent
/// studies that are only said to be anonymized, written by software that puts names and notes wherever it likes,
/// so these rules replace anything of a kind that can identify someone, and keep everything else (geometry, pixel
/// description, acquisition parameters, codes):
/// <list type="number">
/// <item>Groups 0000 (commands), 0002 (file meta; the writer rebuilds it) and 0004 (directory records): removed. They
/// do not belong in a stored composite object and can hold UIDs and names.</item>
/// <item>Network locations of the source (keywords starting "Retrieve", Pixel Data Provider URL): removed; they name
/// the sending institution's systems.</item>
/// <item>UI: instance UIDs replaced; class UIDs and UIDs under 1.2.840.10008 kept. A UID the table forgot (newer
/// standards list more) is still a UID that links back to the source archive.</item>
/// <item>DA and DT: shifted under the modified-dates option, otherwise a dummy. Later editions of the table list
/// dozens more dates (calibration, contrast, creation); any date of the patient's care is identifying.</item>
/// <item>TM: kept under the modified-dates option (as for listed times), otherwise a dummy.</item>
/// <item>PN (any person's name), LT, ST and UT (free text, where reports and notes end up), AE (titles of the
/// source's devices): a dummy when they hold a value.</item>
/// <item>LO, SH, UC, PN whose keyword names a name, address, telephone, telecom, e-mail, contact, comment, birth or
/// death: a dummy when they hold a value, except technical names of equipment, software, codes and algorithms
/// (<see cref="TechnicalNames"/>), which identify products, not people.</item>
/// <item>An even-group attribute missing from the data dictionary (newer than 2022a, or made up): text VRs and UN
/// removed, since its meaning cannot be judged; dates, times and UIDs as above; numbers, codes and binary kept.</item>
/// </list>
/// A dummy is valid for any attribute Type, so none of these rules can make an object invalid.
/// </summary>
public sealed partial class BeyondTableRules(DeidentificationOptions options)
{
    /// <summary>Keywords that match the identifying-word pattern but name products, software, codes or algorithms.</summary>
    public static readonly IReadOnlySet<string> TechnicalNames = FrozenSet.ToFrozenSet<string>(
    [
        "ManufacturerModelName", "SecondaryCaptureDeviceManufacturerModelName", "DetectorManufacturerName",
        "DetectorManufacturerModelName", "ReceiveCoilManufacturerName", "TransmitCoilManufacturerName",
        "WedgeManufacturerName", "SequenceName", "PulseSequenceName", "ReceiveCoilName", "TransmitCoilName",
        "MultiCoilElementName", "EnergyWindowName", "CodingSchemeName", "MappingResourceName", "SegmentAlgorithmName",
        "AlgorithmName", "ImplementationVersionName", "FontName", "CSSFontName", "ApplicationName", "DoseModeName",
        "CollimatorGridName", "ProductName",
    ], StringComparer.Ordinal);

    /// <summary>UI attributes that name a definition (a class, a syntax, a coding scheme), never an instance.</summary>
    public static readonly IReadOnlySet<string> ClassUidKeywords = FrozenSet.ToFrozenSet<string>(
    [
        "SOPClassUID", "AffectedSOPClassUID", "RequestedSOPClassUID", "MediaStorageSOPClassUID", "TransferSyntaxUID",
        "ImplementationClassUID", "ReferencedSOPClassUID", "ReferencedSOPClassUIDInFile",
        "ReferencedTransferSyntaxUIDInFile", "ReferencedRelatedGeneralSOPClassUIDInFile", "RelatedGeneralSOPClassUID",
        "OriginalSpecializedSOPClassUID", "CodingSchemeUID", "ContextUID", "MappingResourceUID", "SOPClassesInStudy",
        "PrivateInformationCreatorUID", "EncryptedContentTransferSyntaxUID", "ReferencedColorPaletteInstanceUID",
    ], StringComparer.Ordinal);

    private const string StandardUidRoot = "1.2.840.10008.";

    private readonly bool _shiftDates = (options ?? throw new ArgumentNullException(nameof(options))).RetainLongitudinalModifiedDates;

    public DeidentificationAction Resolve(DicomTag tag, DicomVR vr, string? keyword, bool hasValue, Func<string> uidValue)
    {
        ArgumentNullException.ThrowIfNull(uidValue);
        if (IsOutsideCompositeObject(tag))
        {
            return DeidentificationAction.Remove;
        }

        if (keyword is not null && (keyword.StartsWith("Retrieve", StringComparison.Ordinal) || string.Equals(keyword, "PixelDataProviderURL", StringComparison.Ordinal)))
        {
            return DeidentificationAction.Remove;
        }

        if (vr == DicomVR.SQ)
        {
            return DeidentificationAction.Keep;
        }

        if (vr == DicomVR.UI)
        {
            return keyword is not null && ClassUidKeywords.Contains(keyword) ? DeidentificationAction.Keep
                : AllStandard(uidValue()) ? DeidentificationAction.Keep
                : DeidentificationAction.ReplaceInstanceUid;
        }

        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            return _shiftDates ? DeidentificationAction.ShiftDate : DummyIfValue(hasValue);
        }

        if (vr == DicomVR.TM)
        {
            return _shiftDates ? DeidentificationAction.Keep : DummyIfValue(hasValue);
        }

        if (keyword is null)
        {
            // Not in the dictionary: a text value of unknown meaning is not kept.
            return vr.IsText && vr != DicomVR.CS && vr != DicomVR.AS && vr != DicomVR.IS && vr != DicomVR.DS || vr == DicomVR.UN
                ? DeidentificationAction.Remove
                : DeidentificationAction.Keep;
        }

        if (vr == DicomVR.PN || vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.AE)
        {
            return DummyIfValue(hasValue);
        }

        if ((vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.UC) && IdentifyingWord().IsMatch(keyword) && !TechnicalNames.Contains(keyword))
        {
            return DummyIfValue(hasValue);
        }

        return DeidentificationAction.Keep;
    }

    /// <summary>Command (0000), file meta (0002) and directory (0004) groups.</summary>
    public static bool IsOutsideCompositeObject(DicomTag tag) => tag.Group is 0x0000 or 0x0002 or 0x0004;

    /// <summary>Whether every value is a UID of the standard's own root, which names a definition.</summary>
    public static bool AllStandard(string values) =>
        values.Split('\\').All(v => v.Trim('\0', ' ') is var uid && (uid.Length == 0 || uid.StartsWith(StandardUidRoot, StringComparison.Ordinal)));

    private static DeidentificationAction DummyIfValue(bool hasValue) => hasValue ? DeidentificationAction.Dummy : DeidentificationAction.Keep;

    [GeneratedRegex("Name|Address|Telephone|Telecom|Phone|Email|EMail|Contact|Comment|Birth|Death", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifyingWord();
}
