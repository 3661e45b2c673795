using Hem.Dicom.Segmentation;
using Hem.Dicom.Series;

namespace Hem.Dicom.Tests.Segmentation;

/// <summary>The writer's input checks, its Pixel Data and frame choice on a hand-built volume, UIDs, and copied attributes.</summary>
public sealed class SegmentationWriterTests
{
    private const string Study = "2.25.1001";
    private const string SourceSeriesUid = "2.25.1002";
    private const string FrameOfReference = "2.25.1003";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    // 3 columns x 2 rows x 2 planes, 1 mm voxels, axial.
    private static readonly VolumeGeometry Small = new(new GridSize(3, 2, 2), new Vector3D(1, 1, 1), new Vector3D(-1, -2, 10), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));

    private static SourceSeries Source(DicomDataset? image = null, int planes = 2) =>
        new(Study, SourceSeriesUid, FrameOfReference, image ?? new DicomDataset(),
            Enumerable.Range(0, planes).Select(z => (SourceImage?)new SourceImage(CtImageStorage, $"2.25.2000{z}")).ToList());

    private static Segment Baseline(byte[] mask) => HematomaSegments.Baseline(mask, SegmentationCase.Classical);

    private static Segment Predicted(byte[] mask) => HematomaSegments.PredictedFollowUp(mask, SegmentationCase.Model);

    private static DicomDataset Build(params Segment[] segments) => SegmentationWriter.Build(Source(), Small, segments, SegmentationCase.Description);

    [Fact]
    public void Pixel_data_holds_the_non_empty_frames_packed_by_segment_then_plane()
    {
        // Baseline: plane 0 pixels 0 and 4; plane 1 empty. Predicted: plane 0 pixel 5, plane 1 pixels 1 and 2.
        byte[] baseline = [1, 0, 0, 0, 1, 0, /* plane 1 */ 0, 0, 0, 0, 0, 0];
        byte[] predicted = [0, 0, 0, 0, 0, 1, /* plane 1 */ 0, 1, 1, 0, 0, 0];

        var d = Build(Baseline(baseline), Predicted(predicted));

        // Frames: (1, z0) bits 0, 4; (2, z0) bits 6 + 5 = 11; (2, z1) bits 12 + 1, 12 + 2 = 13, 14. 18 bits.
        // Byte 0: bits 0, 4 -> 0x11. Byte 1: bits 11, 13, 14 -> 0x08 + 0x20 + 0x40 = 0x68. Byte 2: none.
        var pixels = Assert.IsType<DicomValueElement>(d[DicomTag.PixelData]);
        Assert.Equal(DicomVR.OB, pixels.VR);
        Assert.Equal(new byte[] { 0x11, 0x68, 0x00 }, pixels.Bytes.ToArray());
        Assert.Equal(3, d.GetInteger(DicomTags.NumberOfFrames));
        Assert.Equal(2, d.GetInteger(DicomTags.Rows));
        Assert.Equal(3, d.GetInteger(DicomTags.Columns));

        var frames = d.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items;
        Assert.Equal([1, 2, 2], frames.Select(f => (int)f.GetSequence(DicomTags.SegmentIdentificationSequence)!.Items[0].GetInteger(DicomTags.ReferencedSegmentNumber)!));
        Assert.Equal(["-1\\-2\\10", "-1\\-2\\10", "-1\\-2\\11"], frames.Select(f => f.GetSequence(DicomTags.PlanePositionSequence)!.Items[0].GetString(DicomTags.ImagePositionPatient)));
        Assert.Equal(["2.25.20000", "2.25.20000", "2.25.20001"], frames.Select(f =>
            f.GetSequence(DicomTags.DerivationImageSequence)!.Items[0].GetSequence(DicomTags.SourceImageSequence)!.Items[0].GetString(DicomTags.ReferencedSOPInstanceUID)));
        Assert.Equal("NO", d.GetString(DicomTags.SegmentsOverlap));
    }

    [Fact]
    public void Segments_overlap_is_yes_only_when_a_voxel_is_in_both_segments()
    {
        byte[] baseline = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        Assert.Equal("NO", Build(Baseline(baseline), Predicted([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).GetString(DicomTags.SegmentsOverlap));
        Assert.Equal("YES", Build(Baseline(baseline), Predicted([1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])).GetString(DicomTags.SegmentsOverlap));
    }

    [Fact]
    public void All_empty_masks_still_give_one_empty_frame()
    {
        var d = Build(Baseline(new byte[12]), Predicted(new byte[12]));

        Assert.Equal(1, d.GetInteger(DicomTags.NumberOfFrames));
        Assert.Equal(new byte[] { 0 }, ((DicomValueElement)d[DicomTag.PixelData]!).Bytes.ToArray());
        Assert.Equal(2, d.GetSequence(DicomTags.SegmentSequence)!.Items.Count);
    }

    [Fact]
    public void A_plane_without_a_source_image_gets_an_empty_derivation_image_sequence()
    {
        var planes = new SourceImage?[] { new(CtImageStorage, "2.25.20000"), null };
        var source = new SourceSeries(Study, SourceSeriesUid, FrameOfReference, new DicomDataset(), planes);
        byte[] mask = [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];

        var d = SegmentationWriter.Build(source, Small, [Baseline(mask)], SegmentationCase.Description);

        var frame = Assert.Single(d.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items);
        Assert.Empty(frame.GetSequence(DicomTags.DerivationImageSequence)!.Items);
        var referenced = Assert.Single(d.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items);
        Assert.Equal("2.25.20000", Assert.Single(referenced.GetSequence(DicomTags.ReferencedInstanceSequence)!.Items).GetString(DicomTags.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void The_same_inputs_give_the_same_bytes_and_another_mask_other_UIDs()
    {
        byte[] mask = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
        var first = Build(Baseline(mask));
        var again = Build(Baseline((byte[])mask.Clone()));
        var other = Build(Baseline([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]));

        Assert.Equal(DicomWriter.ToPart10Bytes(first), DicomWriter.ToPart10Bytes(again));
        foreach (var tag in new[] { DicomTags.SOPInstanceUID, DicomTags.SeriesInstanceUID })
        {
            string uid = first.GetString(tag)!;
            Assert.StartsWith("2.25.", uid, StringComparison.Ordinal);
            Assert.True(DicomUid.IsValid(uid));
            Assert.NotEqual(uid, other.GetString(tag));
        }

        Assert.NotEqual(first.GetString(DicomTags.SOPInstanceUID), first.GetString(DicomTags.SeriesInstanceUID));
    }

    [Fact]
    public void Patient_and_study_attributes_are_copied_and_missing_type_2_ones_written_empty()
    {
        var image = new DicomDataset();
        image.SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        image.SetString(DicomTags.PatientName, DicomVR.PN, "HEM-ABCDEF012345");
        image.SetString(DicomTags.PatientID, DicomVR.LO, "HEM-ABCDEF012345");
        image.SetString(DicomTags.StudyDate, DicomVR.DA, "20240102");
        image.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "YES");
        image.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, Study);
        image.SetString(DicomTags.Modality, DicomVR.CS, "CT");
        var method = new DicomDataset(image);
        method.SetString(DicomTags.CodeValue, DicomVR.SH, "113100");
        image.Set(new DicomSequence(DicomTags.DeidentificationMethodCodeSequence, [method]));

        var d = SegmentationWriter.Build(Source(image), Small, [Baseline(new byte[12])], SegmentationCase.Description);

        Assert.Equal("ISO_IR 100", d.GetString(DicomTags.SpecificCharacterSet));
        Assert.Equal("HEM-ABCDEF012345", d.GetString(DicomTags.PatientName));
        Assert.Equal("20240102", d.GetString(DicomTags.StudyDate));
        Assert.Equal("YES", d.GetString(DicomTags.PatientIdentityRemoved));
        Assert.Equal(Study, d.GetString(DicomTags.StudyInstanceUID));
        Assert.Equal("SEG", d.GetString(DicomTags.Modality));
        var copied = Assert.Single(d.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items);
        Assert.NotSame(method, copied);
        Assert.Equal("113100", copied.GetString(DicomTags.CodeValue));
        foreach (var tag in new[] { DicomTags.PatientBirthDate, DicomTags.PatientSex, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID, DicomTags.AccessionNumber })
        {
            Assert.True(d.Contains(tag), $"{tag} is Type 2 and must be present");
            Assert.Equal(string.Empty, d.GetString(tag));
        }

        Assert.False(d.Contains(DicomTags.PatientAge));
    }

    [Fact]
    public void Content_date_time_numbers_and_equipment_are_the_callers()
    {
        var d = Build(Baseline(new byte[12]));

        Assert.Equal("20250314", d.GetString(DicomTags.ContentDate));
        Assert.Equal("150926.535000", d.GetString(DicomTags.ContentTime));
        Assert.Equal("300", d.GetString(DicomTags.SeriesNumber));
        Assert.Equal("1", d.GetString(DicomTags.InstanceNumber));
        Assert.Equal("HEMATOMA", d.GetString(DicomTags.ContentLabel));
        Assert.Equal("HemFunctions", d.GetString(DicomTags.Manufacturer));
        Assert.Equal(["HemFunctions 0.1.0", "hem-expansion 1.0.0"], d.GetStrings(DicomTags.SoftwareVersions));
        Assert.Equal(FrameOfReference, d.GetString(DicomTags.FrameOfReferenceUID));
    }

    [Fact]
    public void No_segments_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Build());
        Assert.Contains("at least one segment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_of_the_wrong_length_is_refused_with_the_segment_and_both_lengths()
    {
        var error = Assert.Throws<ArgumentException>(() => Build(Baseline(new byte[12]), Predicted(new byte[11])));
        Assert.Contains("segment 2 (Predicted follow-up hematoma)", error.Message, StringComparison.Ordinal);
        Assert.Contains("11 voxels", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 x 2 x 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mask_value_other_than_0_or_1_is_refused_with_where_it_is()
    {
        byte[] mask = new byte[12];
        mask[7] = 255;
        var error = Assert.Throws<ArgumentException>(() => Build(Baseline(mask)));
        Assert.Contains("value 255 at voxel 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plane_list_that_does_not_match_the_volume_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SegmentationWriter.Build(Source(planes: 3), Small, [Baseline(new byte[12])], SegmentationCase.Description));
        Assert.Contains("3 planes but the volume has 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_image_from_another_study_or_frame_of_reference_is_refused()
    {
        var otherStudy = new DicomDataset();
        otherStudy.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, "2.25.9");
        var otherFrame = new DicomDataset();
        otherFrame.SetString(DicomTags.FrameOfReferenceUID, DicomVR.UI, "2.25.9");

        Assert.Throws<ArgumentException>(() => Source(otherStudy));
        Assert.Throws<ArgumentException>(() => Source(otherFrame));
        Assert.Throws<ArgumentException>(() => new SourceImage(CtImageStorage, "1.02.3"));
    }

    [Fact]
    public void Descriptions_codes_and_colours_outside_their_value_representations_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new SegmentationDescription(1, "hematoma", DateTime.UnixEpoch, "m", "0", "v"));
        Assert.Throws<ArgumentException>(() => new SegmentationDescription(1, "A_LABEL_LONGER_THAN_16", DateTime.UnixEpoch, "m", "0", "v"));
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentationCase.Description with { InstanceNumber = 0 });
        Assert.Throws<ArgumentException>(() => new CodedConcept("12345678901234567", "SCT", "too long a value"));
        Assert.Throws<ArgumentException>(() => new SegmentAlgorithm(new string('x', 65), "1", SegmentationCodes.ArtificialIntelligence));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CieLabColor(101, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CieLabColor(50, -129, 0));
    }

    [Fact]
    public void CIELab_values_are_scaled_to_16_bits_as_PS3_3_C_10_7_1_1_says()
    {
        Assert.Equal(new ushort[] { 65535, 0, 65535 }, new CieLabColor(100, -128, 127).ToDicomValues());
        // 50 / 100 * 65535 = 32767.5 -> 32768; (0 + 128) / 255 * 65535 = 32896.
        Assert.Equal(new ushort[] { 32768, 32896, 32896 }, new CieLabColor(50, 0, 0).ToDicomValues());
    }
}
