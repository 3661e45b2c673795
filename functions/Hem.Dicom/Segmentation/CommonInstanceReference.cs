namespace Hem.Dicom.Segmentation;

/// <summary>
/// The Common Instance Reference module (PS3.3 C.12.2): the source series and its images, in one Referenced Series
/// Sequence item. Every image of the series is listed, not only those under a non-empty frame: the masks were
/// computed from the whole volume, and viewers (OHIF, 3D Slicer) find the series to display a segmentation over
/// through this list. A series with no image on any plane (all resampled) gets no list.
/// </summary>
internal static class CommonInstanceReference
{
    public static void AddTo(DicomDataset target, SourceSeries source)
    {
        var images = source.Planes.OfType<SourceImage>().DistinctBy(image => image.SopInstanceUid).ToList();
        if (images.Count == 0)
        {
            return;
        }

        var series = new DicomDataset(target);
        var instances = new DicomSequence(DicomTags.ReferencedInstanceSequence);
        foreach (var image in images)
        {
            var instance = new DicomDataset(series);
            instance.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, image.SopClassUid);
            instance.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, image.SopInstanceUid);
            instances.Add(instance);
        }

        series.Set(instances);
        series.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, source.SeriesInstanceUid);
        target.Set(new DicomSequence(DicomTags.ReferencedSeriesSequence, [series]));
    }
}
