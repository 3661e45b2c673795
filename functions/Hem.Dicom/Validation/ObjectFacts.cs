using Hem.Dicom.Pixels;

namespace Hem.Dicom.Validation;

/// <summary>
/// What validation needs from one object's header beyond its slices, read once while the header is in hand so
/// the dataset can be dropped. Holds flags and enumerated values only, never text that could identify anyone.
/// </summary>
internal sealed record ObjectFacts(
    DicomTransferSyntax TransferSyntax,
    IReadOnlyList<string> ImageType,
    bool IsSecondaryCapture,
    bool HasBurnedInAnnotation,
    bool ContrastRecorded,
    bool ContrastNamed,
    bool HasPrivatePixelCompression,
    double? SliceThicknessMm)
{
    public bool IsOriginalPrimary =>
        ImageType.Count >= 2
        && string.Equals(ImageType[0], "ORIGINAL", StringComparison.OrdinalIgnoreCase)
        && string.Equals(ImageType[1], "PRIMARY", StringComparison.OrdinalIgnoreCase);

    /// <summary>CT ImageType value 3 is AXIAL or LOCALIZER (PS3.3 C.8.2.1.1.1); other IODs put it later.</summary>
    public bool IsLocalizer => ImageType.Skip(2).Any(v => string.Equals(v, "LOCALIZER", StringComparison.OrdinalIgnoreCase));

    public static ObjectFacts Read(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var dataset = file.Dataset;
        double? thickness = null;
        try
        {
            thickness = dataset.GetDouble(DicomTags.SliceThickness) is { } value && double.IsFinite(value) && value > 0 ? value : null;
        }
        catch (DicomFormatException)
        {
            // A malformed SliceThickness only costs the ranking its hint; geometry comes from positions.
        }

        return new ObjectFacts(
            file.TransferSyntax,
            dataset.GetStrings(DicomTags.ImageType),
            ImageSafetyCheck.IsSecondaryCapture(dataset),
            ImageSafetyCheck.HasBurnedInAnnotation(dataset),
            ContrastEvidence.IsRecorded(dataset),
            ContrastEvidence.IsNamed(dataset.GetString(DicomTags.SeriesDescription)),
            PrivatePixelCompression.Describe(dataset) is not null,
            thickness);
    }
}
