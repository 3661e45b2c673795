namespace Hem.Dicom.Segmentation;

/// <summary>
/// The Multi-frame Dimension module (PS3.3 C.7.6.17): frames are indexed by Referenced Segment Number (in Segment
/// Identification) and then by Image Position (Patient) (in Plane Position), the organisation viewers and
/// highdicom expect of a segmentation of a volume.
/// </summary>
internal static class DimensionModule
{
    public static void AddTo(DicomDataset target, string organizationUid)
    {
        var organization = new DicomDataset(target);
        organization.SetString(DicomTags.DimensionOrganizationUID, DicomVR.UI, organizationUid);
        target.Set(new DicomSequence(DicomTags.DimensionOrganizationSequence, [organization]));
        target.Set(new DicomSequence(DicomTags.DimensionIndexSequence,
        [
            Index(target, organizationUid, DicomTags.ReferencedSegmentNumber, DicomTags.SegmentIdentificationSequence, "Segment Number"),
            Index(target, organizationUid, DicomTags.ImagePositionPatient, DicomTags.PlanePositionSequence, "Image Position Patient"),
        ]));
    }

    private static DicomDataset Index(DicomDataset parent, string organizationUid, DicomTag pointer, DicomTag functionalGroup, string label)
    {
        var item = new DicomDataset(parent);
        item.SetString(DicomTags.DimensionOrganizationUID, DicomVR.UI, organizationUid);
        item.Set(BinaryValues.AttributeTag(DicomTags.DimensionIndexPointer, pointer));
        item.Set(BinaryValues.AttributeTag(DicomTags.FunctionalGroupPointer, functionalGroup));
        item.SetString(DicomTags.DimensionDescriptionLabel, DicomVR.LO, label);
        return item;
    }
}
