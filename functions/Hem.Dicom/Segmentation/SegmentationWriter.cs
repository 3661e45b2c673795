using System.Globalization;
using Hem.Dicom.Series;

namespace Hem.Dicom.Segmentation;

/// <summary>
/// Writes a DICOM Segmentation (Segmentation Storage, BINARY) over a source CT series: one frame per segment and
/// plane that has at least one voxel set, ordered by segment then z, each naming the source image on its plane, in
/// the source's Frame of Reference and study, with the patient and study attributes copied from the source. Pixel
/// Data is one bit per pixel, packed across frames; the file is explicit VR little endian. Checked by dciodvfy and
/// read back with pydicom in the tests.
/// </summary>
public static class SegmentationWriter
{
    public const string SegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";

    /// <summary>The segmentation as a dataset. Throws <see cref="ArgumentException"/> for inputs that do not fit together.</summary>
    public static DicomDataset Build(SourceSeries source, VolumeGeometry geometry, IReadOnlyList<Segment> segments, SegmentationDescription description)
    {
        SegmentationInputCheck.Check(source, geometry, segments);
        ArgumentNullException.ThrowIfNull(description);
        var size = geometry.Size;
        int pixelsPerPlane = size.X * size.Y;
        var frames = FramePlan.For(segments, pixelsPerPlane, size.Z);

        var d = new DicomDataset();
        // First, so that every text set afterwards is encoded in the source's character set.
        SourceAttributes.CopyInto(d, source);
        AddSeriesAndEquipment(d, source, description);
        AddImage(d, size, frames.Count, description);
        d.SetString(DicomTags.SegmentationType, DicomVR.CS, "BINARY");
        d.Set(SegmentSequence.Build(segments, d));
        d.SetString(DicomTags.SegmentsOverlap, DicomVR.CS, SegmentSequence.Overlap(segments));
        CommonInstanceReference.AddTo(d, source);
        d.Set(FunctionalGroups.Shared(geometry, d));
        d.Set(FunctionalGroups.PerFrame(frames, source, geometry, d));
        var planes = frames.Select(frame => FramePlan.Plane(segments[frame.SegmentNumber - 1], frame.Plane, pixelsPerPlane)).ToList();
        d.Set(new DicomValueElement(DicomTag.PixelData, DicomVR.OB, PackedBitFrames.Pack(pixelsPerPlane, planes)));

        var uids = SegmentationUids.FromContent(d);
        d.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, uids.Instance);
        d.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, uids.Series);
        DimensionModule.AddTo(d, uids.DimensionOrganization);
        return d;
    }

    /// <summary>The segmentation as a Part 10 file (explicit VR little endian), for <c>prediction.seg.dcm</c>.</summary>
    public static byte[] ToPart10Bytes(SourceSeries source, VolumeGeometry geometry, IReadOnlyList<Segment> segments, SegmentationDescription description) =>
        DicomWriter.ToPart10Bytes(Build(source, geometry, segments, description));

    // General Series, Segmentation Series, Frame of Reference, General and Enhanced General Equipment, SOP Common.
    private static void AddSeriesAndEquipment(DicomDataset d, SourceSeries source, SegmentationDescription description)
    {
        string date = description.ContentDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string time = description.ContentDateTime.ToString("HHmmss.ffffff", CultureInfo.InvariantCulture);
        d.SetString(DicomTags.SOPClassUID, DicomVR.UI, SegmentationStorage);
        d.SetString(DicomTags.InstanceCreationDate, DicomVR.DA, date);
        d.SetString(DicomTags.InstanceCreationTime, DicomVR.TM, time);
        d.SetString(DicomTags.SeriesDate, DicomVR.DA, date);
        d.SetString(DicomTags.SeriesTime, DicomVR.TM, time);
        d.SetString(DicomTags.ContentDate, DicomVR.DA, date);
        d.SetString(DicomTags.ContentTime, DicomVR.TM, time);
        d.SetString(DicomTags.Modality, DicomVR.CS, "SEG");
        d.SetString(DicomTags.SeriesNumber, DicomVR.IS, DicomText.Integer(description.SeriesNumber));
        if (description.SeriesDescription.Length > 0)
        {
            d.SetString(DicomTags.SeriesDescription, DicomVR.LO, description.SeriesDescription);
        }

        d.SetString(DicomTags.FrameOfReferenceUID, DicomVR.UI, source.FrameOfReferenceUid);
        d.SetString(DicomTags.Manufacturer, DicomVR.LO, SegmentationDescription.Manufacturer);
        d.SetString(DicomTags.ManufacturerModelName, DicomVR.LO, description.ManufacturerModelName);
        d.SetString(DicomTags.DeviceSerialNumber, DicomVR.LO, description.DeviceSerialNumber);
        d.SetString(DicomTags.SoftwareVersions, DicomVR.LO, description.SoftwareVersions);
    }

    // General Image, Image Pixel, the Segmentation Image module's fixed values and its Content Identification.
    private static void AddImage(DicomDataset d, GridSize size, int frameCount, SegmentationDescription description)
    {
        d.SetString(DicomTags.ImageType, DicomVR.CS, @"DERIVED\PRIMARY");
        d.SetString(DicomTags.InstanceNumber, DicomVR.IS, DicomText.Integer(description.InstanceNumber));
        d.SetString(DicomTags.ContentLabel, DicomVR.CS, description.ContentLabel);
        d.SetString(DicomTags.ContentDescription, DicomVR.LO, description.ContentDescription);
        d.Set(new DicomValueElement(DicomTags.ContentCreatorName, DicomVR.PN, ReadOnlyMemory<byte>.Empty));
        d.SetUInt16(DicomTags.SamplesPerPixel, 1);
        d.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        d.SetString(DicomTags.NumberOfFrames, DicomVR.IS, DicomText.Integer(frameCount));
        d.SetUInt16(DicomTags.Rows, (ushort)size.Y);
        d.SetUInt16(DicomTags.Columns, (ushort)size.X);
        d.SetUInt16(DicomTags.BitsAllocated, 1);
        d.SetUInt16(DicomTags.BitsStored, 1);
        d.SetUInt16(DicomTags.HighBit, 0);
        d.SetUInt16(DicomTags.PixelRepresentation, 0);
        d.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "00");
    }
}
