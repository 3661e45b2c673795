using System.Text;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

/// <summary>How table codes and the rules beyond the table become actions, and what the engine writes for them.</summary>
public sealed class DeidentificationRulesTests
{
    private static readonly ConfidentialityProfileTable Table = ConfidentialityProfileTable.Default;

    [Theory]
    [InlineData("X", true, DeidentificationAction.Remove)]
    [InlineData("Z", true, DeidentificationAction.Empty)]
    [InlineData("D", false, DeidentificationAction.Dummy)]
    [InlineData("U", true, DeidentificationAction.ReplaceUid)]
    [InlineData("X/Z", true, DeidentificationAction.Empty)]
    [InlineData("X/D", true, DeidentificationAction.Dummy)]
    [InlineData("X/D", false, DeidentificationAction.Empty)]
    [InlineData("Z/D", true, DeidentificationAction.Dummy)]
    [InlineData("Z/D", false, DeidentificationAction.Empty)]
    [InlineData("X/Z/D", true, DeidentificationAction.Dummy)]
    [InlineData("X/Z/D", false, DeidentificationAction.Empty)]
    public void Combined_codes_resolve_to_the_action_that_keeps_the_object_valid(string code, bool hasValue, DeidentificationAction expected)
    {
        Assert.Equal(expected, ProfileActionResolver.ResolveBasic(code, DicomVR.LO, hasValue));
    }

    [Fact]
    public void X_Z_U_star_keeps_a_sequence_so_its_instance_UIDs_can_be_replaced()
    {
        Assert.Equal(DeidentificationAction.Keep, ProfileActionResolver.ResolveBasic("X/Z/U*", DicomVR.SQ, hasValue: true));
    }

    [Theory]
    [InlineData("(0010,1010)", "AS", DeidentificationAction.Keep)] // Patient's Age: K under the characteristics option
    [InlineData("(0010,0040)", "CS", DeidentificationAction.Keep)] // Patient's Sex
    [InlineData("(0008,0020)", "DA", DeidentificationAction.ShiftDate)] // Study Date: C under modified dates
    [InlineData("(0008,002A)", "DT", DeidentificationAction.ShiftDate)] // Acquisition DateTime
    [InlineData("(0008,0030)", "TM", DeidentificationAction.Keep)] // Study Time: times stay
    [InlineData("(0008,0201)", "SH", DeidentificationAction.Remove)] // Timezone Offset: C on a non-date falls back to X
    [InlineData("(0010,2110)", "LO", DeidentificationAction.Remove)] // Allergies: C (clean) falls back to X
    [InlineData("(0010,0030)", "DA", DeidentificationAction.Empty)] // Patient's Birth Date: no option column, Z
    public void Research_options_replace_the_basic_code_where_their_column_has_one(string tag, string vr, DeidentificationAction expected)
    {
        Assert.True(Table.TryFind(DicomTag.Parse(tag), out var row));

        Assert.Equal(expected, new ProfileActionResolver(DeidentificationOptions.Research).Resolve(row, DicomVR.Parse(vr), hasValue: true));
    }

    [Theory]
    [InlineData("PatientAge", "AS", "067Y", DeidentificationAction.Remove)]
    [InlineData("StudyDate", "DA", "20200101", DeidentificationAction.Empty)]
    [InlineData("InstitutionName", "LO", "General Hospital", DeidentificationAction.Dummy)]
    [InlineData("InstitutionName", "LO", "", DeidentificationAction.Empty)]
    [InlineData("SeriesDate", "DA", "20200101", DeidentificationAction.Dummy)]
    [InlineData("StudyInstanceUID", "UI", "1.2.3", DeidentificationAction.ReplaceUid)]
    [InlineData("InstanceCreationDate", "DA", "20200101", DeidentificationAction.Dummy)]
    [InlineData("InstanceCreationTime", "TM", "101010", DeidentificationAction.Dummy)]
    [InlineData("ManufacturerModelName", "LO", "Ingenuity CT", DeidentificationAction.Keep)]
    [InlineData("ContactDisplayName", "LO", "Dr Who", DeidentificationAction.Dummy)]
    [InlineData("ROIInterpreter", "PN", "Doe^John", DeidentificationAction.Dummy)]
    [InlineData("TextValue", "UT", "seen by Dr Who", DeidentificationAction.Dummy)]
    [InlineData("StationAETitle", "AE", "CT_ROOM_3", DeidentificationAction.Dummy)]
    [InlineData("RetrieveURL", "UR", "https://pacs.example/wado", DeidentificationAction.Remove)]
    [InlineData("RetrieveAETitle", "AE", "PACS", DeidentificationAction.Remove)]
    [InlineData("SOPClassUID", "UI", "1.2.840.10008.5.1.4.1.1.2", DeidentificationAction.Keep)]
    [InlineData("ReferencedSOPClassUID", "UI", "1.3.46.670589.5.0.1.1", DeidentificationAction.Keep)]
    [InlineData("IrradiationEventUID", "UI", "1.2.3.4", DeidentificationAction.ReplaceUid)]
    [InlineData("MultiFrameSourceSOPInstanceUID", "UI", "1.2.3.4", DeidentificationAction.ReplaceInstanceUid)]
    [InlineData("MultiFrameSourceSOPInstanceUID", "UI", "1.2.840.10008.1.4.1.1", DeidentificationAction.Keep)]
    [InlineData("ConvolutionKernel", "SH", "UB", DeidentificationAction.Keep)]
    [InlineData("SliceThickness", "DS", "5", DeidentificationAction.Keep)]
    [InlineData("ImageType", "CS", "ORIGINAL\\PRIMARY", DeidentificationAction.Keep)]
    public void Basic_profile_actions_for_single_elements(string keyword, string vr, string value, DeidentificationAction expected)
    {
        Assert.True(DicomDictionary.Default.TryGetByKeyword(keyword, out var tag));
        var holder = new DicomDataset();
        holder.SetString(tag, DicomVR.Parse(vr), value);

        Assert.Equal(expected, TestKeys.Basic().Decide(holder[tag]!, holder));
    }

    [Theory]
    [InlineData(0x0009, 0x0010)]
    [InlineData(0x0007, 0x0010)]
    [InlineData(0x6000, 0x0010)]
    [InlineData(0x5000, 0x0005)]
    [InlineData(0x0002, 0x0016)]
    [InlineData(0x0000, 0x1000)]
    [InlineData(0x0008, 0x0000)]
    public void Private_illegal_repeating_meta_command_and_group_length_elements_are_removed(int group, int element)
    {
        var tag = new DicomTag((ushort)group, (ushort)element);
        var holder = new DicomDataset();
        holder.Set(new DicomValueElement(tag, DicomVR.LO, Encoding.ASCII.GetBytes("MRK")));

        Assert.Equal(DeidentificationAction.Remove, TestKeys.Basic().Decide(holder[tag]!, holder));
    }

    [Fact]
    public void Attributes_missing_from_the_dictionary_are_judged_by_VR()
    {
        var holder = new DicomDataset();
        holder.Set(new DicomValueElement(new DicomTag(0x0008, 0xFFF0), DicomVR.LO, Encoding.ASCII.GetBytes("free text")));
        holder.Set(new DicomValueElement(new DicomTag(0x0008, 0xFFF2), DicomVR.US, new byte[2]));
        holder.Set(new DicomValueElement(new DicomTag(0x0008, 0xFFF4), DicomVR.UN, new byte[4]));
        var deidentifier = TestKeys.Basic();

        Assert.Equal(DeidentificationAction.Remove, deidentifier.Decide(holder[new DicomTag(0x0008, 0xFFF0)]!, holder));
        Assert.Equal(DeidentificationAction.Keep, deidentifier.Decide(holder[new DicomTag(0x0008, 0xFFF2)]!, holder));
        Assert.Equal(DeidentificationAction.Remove, deidentifier.Decide(holder[new DicomTag(0x0008, 0xFFF4)]!, holder));
    }

    [Fact]
    public void Sequences_are_removed_emptied_dummied_or_kept_at_every_depth()
    {
        var dataset = DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101");
        var referenced = Item(dataset, (DicomTags.ReferencedSOPClassUID, DicomVR.UI, MarkerCorpus.CtImageStorage), (DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, "1.2.3.1.1.7"));
        dataset.Set(new DicomSequence(DicomTags.ReferencedImageSequence, [referenced]));
        dataset.Set(new DicomSequence(DicomTags.OtherPatientIDsSequence, [Item(dataset, (DicomTags.PatientID, DicomVR.LO, "OLD-ID"))]));
        dataset.Set(new DicomSequence(DicomTags.ReferencedStudySequence, [Item(dataset, (DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, "1.2.3.9"))]));
        var institution = Item(dataset, (DicomTags.CodeValue, DicomVR.SH, "GH-17"), (DicomTags.CodingSchemeDesignator, DicomVR.SH, "LOCAL"), (DicomTags.CodeMeaning, DicomVR.LO, "General Hospital"));
        dataset.Set(new DicomSequence(DicomTags.InstitutionCodeSequence, [institution]));
        // A kept, non-table sequence three levels deep with identifying attributes at the bottom.
        var deepest = Item(dataset, (DicomTags.PatientName, DicomVR.PN, "Doe^Jane"), (DicomTags.AccessionNumber, DicomVR.SH, "ACC-1"), (DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.1.1.7"));
        var middle = new DicomDataset(dataset);
        middle.Set(new DicomSequence(DicomTags.ReferencedInstanceSequence, [deepest]));
        dataset.Set(new DicomSequence(DicomTags.ReferencedSeriesSequence, [middle]));

        var result = TestKeys.Basic().Deidentify(TestKeys.AsFile(dataset)).Dataset;

        string mapped = new UidReplacer(TestKeys.Deployment).Replace("1.2.3.1.1.7");
        var image = result.GetSequence(DicomTags.ReferencedImageSequence)!.Items.Single();
        Assert.Equal(mapped, image.GetString(DicomTags.ReferencedSOPInstanceUID));
        Assert.Equal(MarkerCorpus.CtImageStorage, image.GetString(DicomTags.ReferencedSOPClassUID));
        Assert.False(result.Contains(DicomTags.OtherPatientIDsSequence));
        Assert.Empty(result.GetSequence(DicomTags.ReferencedStudySequence)!.Items);
        var code = result.GetSequence(DicomTags.InstitutionCodeSequence)!.Items.Single();
        Assert.Equal(DummyValues.Text, code.GetString(DicomTags.CodeValue));
        Assert.Equal(DummyValues.Text, code.GetString(DicomTags.CodeMeaning));
        var bottom = result.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items.Single().GetSequence(DicomTags.ReferencedInstanceSequence)!.Items.Single();
        Assert.Equal(string.Empty, bottom.GetString(DicomTags.PatientName));
        Assert.Equal(string.Empty, bottom.GetString(DicomTags.AccessionNumber));
        Assert.Equal(mapped, bottom.GetString(DicomTags.SOPInstanceUID));
    }

    [Fact]
    public void The_object_says_it_was_de_identified_and_how()
    {
        var basic = TestKeys.Basic().Deidentify(TestKeys.AsFile(DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101"))).Dataset;
        var research = TestKeys.Research().Deidentify(TestKeys.AsFile(DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101"))).Dataset;

        Assert.Equal("YES", basic.GetString(DicomTags.PatientIdentityRemoved));
        Assert.Equal(basic.GetString(DicomTags.PatientName), basic.GetString(DicomTags.PatientID));
        Assert.Matches("^HEM-[0-9a-f]{12}$", basic.GetString(DicomTags.PatientID)!);
        Assert.Equal(basic.GetString(DicomTags.PatientID), research.GetString(DicomTags.PatientID));
        Assert.Equal(new List<string> { "113100" }, Codes(basic));
        Assert.Equal(new List<string> { "113100", "113107", "113108" }, Codes(research));
        Assert.All(basic.GetStrings(DicomTags.DeidentificationMethod), v => Assert.InRange(v.Length, 1, 64));
        Assert.Equal("DCM", basic.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items[0].GetString(DicomTags.CodingSchemeDesignator));
        Assert.Equal(DeidentificationMarking.BasicProfileMeaning, basic.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items[0].GetString(DicomTags.CodeMeaning));
    }

    [Fact]
    public void An_object_without_SOP_UIDs_is_refused_as_unstorable()
    {
        var dataset = DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101");
        dataset.Remove(DicomTags.SOPInstanceUID);

        Assert.Throws<DicomFormatException>(() => TestKeys.Basic().Deidentify(new DicomFile(new DicomDataset(), dataset, DicomTransferSyntax.ExplicitVRLittleEndian)));
    }

    [Fact]
    public void An_object_whose_SOP_Instance_UID_has_several_values_is_refused_as_unstorable()
    {
        var dataset = DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101");
        dataset.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.4\\1.2.3.5");

        var ex = Assert.Throws<DicomFormatException>(() => TestKeys.Basic().Deidentify(TestKeys.AsFile(dataset)));
        Assert.DoesNotContain("1.2.3", ex.Message, StringComparison.Ordinal);
    }

    private static List<string> Codes(DicomDataset dataset) =>
        [.. dataset.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items.Select(i => i.GetString(DicomTags.CodeValue) ?? string.Empty)];

    private static DicomDataset Item(DicomDataset parent, params (DicomTag Tag, DicomVR VR, string Value)[] elements)
    {
        var item = new DicomDataset(parent);
        foreach (var (tag, vr, value) in elements)
        {
            item.SetString(tag, vr, value);
        }

        return item;
    }
}
