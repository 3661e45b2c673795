namespace Hem.Dicom.Segmentation;

/// <summary>
/// The de-identified series a segmentation is drawn on, as it was written: its study, series and Frame of Reference
/// UIDs, one entry per axial plane of the volume along z (null where the volume was resampled and no acquired image
/// lies on that plane), and one of its images (the first slice, say), whose Patient, General Study and Patient Study
/// attributes the segmentation copies, so it files under the same patient and study in any archive.
/// </summary>
public sealed record SourceSeries
{
    public SourceSeries(string studyInstanceUid, string seriesInstanceUid, string frameOfReferenceUid, DicomDataset patientAndStudy, IReadOnlyList<SourceImage?> planes)
    {
        StudyInstanceUid = RequireUid(studyInstanceUid, nameof(studyInstanceUid));
        SeriesInstanceUid = RequireUid(seriesInstanceUid, nameof(seriesInstanceUid));
        FrameOfReferenceUid = RequireUid(frameOfReferenceUid, nameof(frameOfReferenceUid));
        ArgumentNullException.ThrowIfNull(patientAndStudy);
        ArgumentNullException.ThrowIfNull(planes);
        RequireSame(patientAndStudy, DicomTags.StudyInstanceUID, studyInstanceUid);
        RequireSame(patientAndStudy, DicomTags.FrameOfReferenceUID, frameOfReferenceUid);
        PatientAndStudy = patientAndStudy;
        Planes = planes;
    }

    public string StudyInstanceUid { get; }

    public string SeriesInstanceUid { get; }

    public string FrameOfReferenceUid { get; }

    /// <summary>An image of the series; only its patient and study attributes are read.</summary>
    public DicomDataset PatientAndStudy { get; }

    /// <summary>The image on each plane z = 0, 1, ... of the volume, or null where none was acquired on it.</summary>
    public IReadOnlyList<SourceImage?> Planes { get; }

    internal static string RequireUid(string uid, string name)
    {
        ArgumentNullException.ThrowIfNull(uid, name);
        if (!DicomUid.IsValid(uid))
        {
            throw new ArgumentException($"{name} is not a valid UID", name);
        }

        return uid;
    }

    // An image from another study or frame of reference would file the segmentation under the wrong study or
    // place it in another coordinate system; the UIDs must agree wherever the image states them.
    private static void RequireSame(DicomDataset image, DicomTag tag, string expected)
    {
        if (image.GetString(tag) is { } stated && !string.Equals(stated, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the source image's {tag} differs from the series' UID", nameof(image));
        }
    }
}
