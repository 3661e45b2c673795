using System.Collections.Frozen;
namespace Hem.Dicom.Deidentification;

/// <summary>
/// Objects whose pixels (or payload) may show identifying text, which no header de-identification can remove.
/// Study validation calls this too, so a study is refused before anything is stored. The rule, in order:
/// <list type="number">
/// <item>Burned In Annotation (0028,0301) is YES: the modality says text is burned into the pixels.</item>
/// <item>An Encapsulated Document SOP Class (1.2.840.10008.5.1.4.1.1.104.*): PDF, CDA and the like carry reports
/// whose content cannot be de-identified here.</item>
/// <item>A Secondary Capture SOP Class (1.2.840.10008.5.1.4.1.1.7, .7.1 to .7.4): screenshots, scanned documents and
/// dose sheets arrive this way, and it never holds the acquired CT a prediction needs.</item>
/// <item>Conversion Type (0008,0064) is present: only the Secondary Capture Equipment module has it (WSD workstation,
/// SD scanned document, DRW drawing, SYN synthetic, DV/DI/DF/SI captured images), so the object is a capture whatever
/// SOP Class it claims.</item>
/// <item>Image Type (0008,0008) has a value vendors use for screen saves and reports ("SCREEN SAVE", "SCREENSHOT",
/// "SCREEN CAPTURE", "DOSE INFO", "DOSE REPORT", "CSA REPORT", "REPORT", "DOCUMENT"; underscores read as spaces):
/// dose and protocol sheets are often stored under the CT Image SOP Class.</item>
/// <item>Modality (0008,0060) is DOC: a document.</item>
/// </list>
/// </summary>
public static class ImageSafetyPolicy
{
    public const string SecondaryCaptureClass = "1.2.840.10008.5.1.4.1.1.7";
    public const string EncapsulatedDocumentClassPrefix = "1.2.840.10008.5.1.4.1.1.104.";

    /// <summary>Secondary Capture, and the four multi-frame Secondary Capture classes.</summary>
    public static readonly IReadOnlySet<string> SecondaryCaptureClasses = FrozenSet.ToFrozenSet<string>(
        [SecondaryCaptureClass, "1.2.840.10008.5.1.4.1.1.7.1", "1.2.840.10008.5.1.4.1.1.7.2", "1.2.840.10008.5.1.4.1.1.7.3", "1.2.840.10008.5.1.4.1.1.7.4"],
        StringComparer.Ordinal);

    /// <summary>Image Type values that mark a screen save or a report page (compared upper case, '_' as ' ').</summary>
    public static readonly IReadOnlySet<string> DocumentImageTypes = FrozenSet.ToFrozenSet<string>(
        ["SCREEN SAVE", "SCREENSAVE", "SCREEN SHOT", "SCREENSHOT", "SCREEN CAPTURE", "DOSE INFO", "DOSE REPORT", "CSA REPORT", "REPORT", "DOCUMENT"],
        StringComparer.Ordinal);

    /// <summary>The reason to refuse the object, or null when it may be de-identified.</summary>
    public static RefusalReason? Assess(DicomDataset dataset, DicomDataset? fileMetaInformation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (DeclaresBurnedInAnnotation(dataset))
        {
            return RefusalReason.BurnedInAnnotation;
        }

        string sopClass = (dataset.GetString(DicomTags.SOPClassUID) ?? fileMetaInformation?.GetString(DicomTags.MediaStorageSOPClassUID) ?? string.Empty).Trim();
        if (sopClass.StartsWith(EncapsulatedDocumentClassPrefix, StringComparison.Ordinal))
        {
            return RefusalReason.EncapsulatedDocument;
        }

        if (IsSecondaryCaptureClass(sopClass))
        {
            return RefusalReason.SecondaryCapture;
        }

        if (!string.IsNullOrEmpty(dataset.GetString(DicomTags.ConversionType)))
        {
            return RefusalReason.CapturedImage;
        }

        if (dataset.GetStrings(DicomTags.ImageType).Any(value => DocumentImageTypes.Contains(Upper(value).Replace('_', ' '))))
        {
            return RefusalReason.ScreenshotImageType;
        }

        return string.Equals(Upper(dataset.GetString(DicomTags.Modality)), "DOC", StringComparison.Ordinal)
            ? RefusalReason.DocumentModality
            : null;
    }

    /// <summary>Burned In Annotation (0028,0301) is YES (case and padding ignored).</summary>
    public static bool DeclaresBurnedInAnnotation(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return string.Equals(Upper(dataset.GetString(DicomTags.BurnedInAnnotation)), "YES", StringComparison.Ordinal);
    }

    /// <summary>A Secondary Capture SOP Class: 1.2.840.10008.5.1.4.1.1.7 or any class under it (.7.1 to .7.4 today).</summary>
    public static bool IsSecondaryCaptureClass(string? sopClassUid)
    {
        string uid = sopClassUid?.Trim() ?? string.Empty;
        return SecondaryCaptureClasses.Contains(uid) || uid.StartsWith(SecondaryCaptureClass + ".", StringComparison.Ordinal);
    }

    /// <summary>Throws <see cref="ImageRefusedException"/> when <see cref="Assess"/> finds a reason.</summary>
    public static void EnsureSafe(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Assess(file.Dataset, file.FileMetaInformation) is { } reason)
        {
            throw new ImageRefusedException(reason);
        }
    }

    private static string Upper(string? value) => (value ?? string.Empty).Trim().ToUpperInvariant();
}
