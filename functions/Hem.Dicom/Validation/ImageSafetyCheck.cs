namespace Hem.Dicom.Validation;

/// <summary>
/// The minimal image-safety test validation needs: pixels that may show identifying text (BurnedInAnnotation
/// YES), and secondary captures, which are pictures of images rather than reconstructed slices. Kept small so it
/// can be folded into the de-identification's image safety policy.
/// </summary>
internal static class ImageSafetyCheck
{
    /// <summary>Secondary Capture Image Storage and its multi-frame variants (PS3.4 B.5): 1.2.840.10008.5.1.4.1.1.7[.n].</summary>
    private const string SecondaryCaptureRoot = "1.2.840.10008.5.1.4.1.1.7";

    public static bool HasBurnedInAnnotation(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return string.Equals(dataset.GetString(DicomTags.BurnedInAnnotation)?.Trim(), "YES", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsSecondaryCapture(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        string? sopClass = dataset.GetString(DicomTags.SOPClassUID);
        return sopClass is not null
            && (string.Equals(sopClass, SecondaryCaptureRoot, StringComparison.Ordinal)
                || sopClass.StartsWith(SecondaryCaptureRoot + ".", StringComparison.Ordinal));
    }
}
