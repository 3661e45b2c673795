using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Validation;

/// <summary>
/// The part of the de-identification's <see cref="ImageSafetyPolicy"/> that validation reports under its own codes:
/// pixels that may show identifying text (BurnedInAnnotation YES), and secondary captures, which are pictures of
/// images rather than reconstructed slices. One rule in one place: validation and de-identification cannot disagree.
/// </summary>
internal static class ImageSafetyCheck
{
    public static bool HasBurnedInAnnotation(DicomDataset dataset) => ImageSafetyPolicy.DeclaresBurnedInAnnotation(dataset);

    public static bool IsSecondaryCapture(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return ImageSafetyPolicy.IsSecondaryCaptureClass(dataset.GetString(DicomTags.SOPClassUID));
    }
}
