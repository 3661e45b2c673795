using Hem.Dicom.Series;

namespace Hem.Dicom.Segmentation;

/// <summary>
/// The Multi-frame Functional Groups of a segmentation (PS3.3 A.51.5). Shared by every frame: Pixel Measures and
/// Plane Orientation (one grid). Per frame: Derivation Image (the source image on that plane, or no item where the
/// volume was resampled and none lies on it; the sequence is Type 2), Frame Content (the dimension index values),
/// Plane Position and Segment Identification.
/// </summary>
internal static class FunctionalGroups
{
    public static DicomSequence Shared(VolumeGeometry geometry, DicomDataset parent)
    {
        var shared = new DicomDataset(parent);
        var measures = new DicomDataset(shared);
        // A frame is one plane of the voxel grid, as thick as the planes are apart.
        measures.SetString(DicomTags.SliceThickness, DicomVR.DS, DicomText.Decimal(geometry.Spacing.Z));
        measures.SetString(DicomTags.SpacingBetweenSlices, DicomVR.DS, DicomText.Decimal(geometry.Spacing.Z));
        // Pixel Spacing is row spacing (between rows, along y) first, then column spacing (along x).
        measures.SetString(DicomTags.PixelSpacing, DicomVR.DS, DicomText.Decimals(geometry.Spacing.Y, geometry.Spacing.X));
        shared.Set(new DicomSequence(DicomTags.PixelMeasuresSequence, [measures]));

        var orientation = new DicomDataset(shared);
        var row = geometry.RowDirection;
        var column = geometry.ColumnDirection;
        orientation.SetString(DicomTags.ImageOrientationPatient, DicomVR.DS, DicomText.Decimals(row.X, row.Y, row.Z, column.X, column.Y, column.Z));
        shared.Set(new DicomSequence(DicomTags.PlaneOrientationSequence, [orientation]));
        return new DicomSequence(DicomTags.SharedFunctionalGroupsSequence, [shared]);
    }

    public static DicomSequence PerFrame(IReadOnlyList<SegmentationFrame> frames, SourceSeries source, VolumeGeometry geometry, DicomDataset parent)
    {
        var sequence = new DicomSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        foreach (var frame in frames)
        {
            var item = new DicomDataset(parent);
            item.Set(Derivation(source.Planes[frame.Plane], item));
            item.Set(new DicomSequence(DicomTags.FrameContentSequence, [Content(frame, item)]));
            item.Set(new DicomSequence(DicomTags.PlanePositionSequence, [Position(geometry, frame.Plane, item)]));
            var identification = new DicomDataset(item);
            identification.SetUInt16(DicomTags.ReferencedSegmentNumber, (ushort)frame.SegmentNumber);
            item.Set(new DicomSequence(DicomTags.SegmentIdentificationSequence, [identification]));
            sequence.Add(item);
        }

        return sequence;
    }

    private static DicomSequence Derivation(SourceImage? image, DicomDataset parent)
    {
        var sequence = new DicomSequence(DicomTags.DerivationImageSequence);
        if (image is null)
        {
            return sequence;
        }

        var derivation = new DicomDataset(parent);
        derivation.Set(SegmentationCodes.SegmentationDerivation.ToSequence(DicomTags.DerivationCodeSequence, derivation));
        var reference = new DicomDataset(derivation);
        reference.SetString(DicomTags.ReferencedSOPClassUID, DicomVR.UI, image.SopClassUid);
        reference.SetString(DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, image.SopInstanceUid);
        reference.Set(SegmentationCodes.SourceImageForImageProcessingOperation.ToSequence(DicomTags.PurposeOfReferenceCodeSequence, reference));
        derivation.Set(new DicomSequence(DicomTags.SourceImageSequence, [reference]));
        sequence.Add(derivation);
        return sequence;
    }

    // Dimension index values, in the order of the Dimension Index Sequence: the segment number, then the plane's
    // place among the volume's positions (1-based, along z), the same for every segment.
    private static DicomDataset Content(SegmentationFrame frame, DicomDataset parent)
    {
        var content = new DicomDataset(parent);
        content.Set(BinaryValues.UnsignedLongs(DicomTags.DimensionIndexValues, (uint)frame.SegmentNumber, (uint)frame.Plane + 1));
        return content;
    }

    private static DicomDataset Position(VolumeGeometry geometry, int plane, DicomDataset parent)
    {
        var position = new DicomDataset(parent);
        // Image Position (Patient) is the centre of the frame's first pixel: voxel (0, 0, plane).
        var point = geometry.IndexToPatient(0, 0, plane);
        position.SetString(DicomTags.ImagePositionPatient, DicomVR.DS, DicomText.Decimals(point.X, point.Y, point.Z));
        return position;
    }
}
