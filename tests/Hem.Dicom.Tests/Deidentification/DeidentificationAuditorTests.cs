using System.Text;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

public sealed class DeidentificationAuditorTests
{
    private static readonly DeidentificationAuditor Auditor = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_hospital_file_has_findings_and_its_de_identified_version_has_none()
    {
        var original = await DicomReader.ReadFileAsync(Fixtures.Path("ct_series/philips_ingenuity_brain_5mm/I10.dcm"), cancellationToken: Token);

        var before = Auditor.Audit(original);
        var after = Auditor.Audit(DicomReader.Read(TestKeys.Basic().Deidentify(original).ToPart10Bytes()));

        Assert.Contains(before, f => f.Rule == "private attribute");
        Assert.Contains(before, f => f.Keyword == "PatientIdentityRemoved");
        Assert.Contains(before, f => f.Keyword == "StudyInstanceUID" && f.Rule == "holds a UID that was not replaced");
        Assert.Contains(before, f => f.Keyword == "PatientName");
        Assert.Empty(after);
    }

    [Fact]
    public void Each_rule_reports_the_tag_and_keyword_but_never_the_value()
    {
        var clean = TestKeys.Basic().Deidentify(TestKeys.AsFile(DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101"))).Dataset;
        clean.SetString(DicomTags.AccessionNumber, DicomVR.SH, "MRK00001");
        clean.SetString(DicomTags.InstitutionName, DicomVR.LO, "MRK00002");
        clean.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, "1.2.3.77777");
        clean.SetString(DicomTags.PatientID, DicomVR.LO, "MRK00003");
        clean.SetString(DicomTags.StudyDate, DicomVR.DA, "20200101");
        clean.SetString(new DicomTag(0x0009, 0x0010), DicomVR.LO, "MRK00004");
        clean.Set(new DicomValueElement(new DicomTag(0x6000, 0x3000), DicomVR.OW, new byte[8]));
        var nested = new DicomDataset(clean);
        nested.SetString(DicomTags.ROIInterpreter, DicomVR.PN, "MRK00005");
        nested.SetString(DicomTags.PatientName, DicomVR.PN, "MRK00006");
        clean.Set(new DicomSequence(DicomTags.ReferencedSeriesSequence, [nested]));
        clean.Set(new DicomSequence(DicomTags.OtherPatientIDsSequence, [new DicomDataset(clean)]));
        clean.SetString(DicomTags.PatientIdentityRemoved, DicomVR.CS, "NO");

        var findings = Auditor.Audit(TestKeys.AsFile(clean));

        Assert.Contains(findings, f => f.Path == "(0008,0050)" && f.Keyword == "AccessionNumber" && f.Rule.StartsWith("should be empty", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Keyword == "InstitutionName" && f.Rule.StartsWith("holds a value that is not a dummy", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Keyword == "SOPInstanceUID" && f.Rule == "holds a UID that was not replaced");
        Assert.Contains(findings, f => f.Keyword == "MediaStorageSOPInstanceUID");
        Assert.Contains(findings, f => f.Keyword == "PatientID");
        Assert.Contains(findings, f => f.Keyword == "StudyDate");
        Assert.Contains(findings, f => f.Path == "(0009,0010)" && f.Rule == "private attribute");
        Assert.Contains(findings, f => f.Path == "(6000,3000)" && f.Rule == "curve or overlay attribute");
        Assert.Contains(findings, f => f.Path == "(0008,1115)[1]/(3006,00A6)" && f.Rule == "holds a person name");
        Assert.Contains(findings, f => f.Path == "(0008,1115)[1]/(0010,0010)");
        Assert.Contains(findings, f => f.Keyword == "OtherPatientIDsSequence" && f.Rule.StartsWith("should have been removed", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Keyword == "PatientIdentityRemoved");
        Assert.All(findings, f => Assert.DoesNotContain("MRK", f.ToString(), StringComparison.Ordinal));
        Assert.All(findings, f => Assert.DoesNotContain("77777", f.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Options_the_object_claims_let_their_attributes_through()
    {
        var research = TestKeys.Research().Deidentify(TestKeys.AsFile(DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101"))).Dataset;
        Assert.Empty(Auditor.Audit(TestKeys.AsFile(research)));

        // The same shifted dates and kept age in an object that claims only the basic profile are findings.
        research.Set(new DicomSequence(DicomTags.DeidentificationMethodCodeSequence, [research.GetSequence(DicomTags.DeidentificationMethodCodeSequence)!.Items[0]]));
        var findings = Auditor.Audit(TestKeys.AsFile(research));
        Assert.Contains(findings, f => f.Keyword == "StudyDate");
        Assert.Contains(findings, f => f.Keyword == "PatientAge");
    }

    [Fact]
    public void An_object_that_does_not_claim_the_basic_profile_is_a_finding()
    {
        var clean = TestKeys.Basic().Deidentify(TestKeys.AsFile(DateShiftTests.Study("PAT-1", "1.2.3.1", "20200101", "20200101"))).Dataset;
        clean.Remove(DicomTags.DeidentificationMethodCodeSequence);

        Assert.Contains(Auditor.Audit(TestKeys.AsFile(clean)), f => f.Keyword == "DeidentificationMethodCodeSequence");
    }

    [Fact]
    public void Dummy_values_are_recognised_per_VR()
    {
        Assert.True(DummyValues.IsDummy(DicomVR.LO, Encoding.ASCII.GetBytes("ANONYMIZED")));
        Assert.True(DummyValues.IsDummy(DicomVR.DA, Encoding.ASCII.GetBytes("19000101")));
        Assert.True(DummyValues.IsDummy(DicomVR.TM, Encoding.ASCII.GetBytes("000000.00 ")));
        Assert.True(DummyValues.IsDummy(DicomVR.OB, new byte[4]));
        Assert.False(DummyValues.IsDummy(DicomVR.DA, Encoding.ASCII.GetBytes("20200101")));
        Assert.False(DummyValues.IsDummy(DicomVR.LO, Encoding.ASCII.GetBytes("ANONYMIZED\\Jane")));
        Assert.False(DummyValues.IsDummy(DicomVR.OB, [0, 1]));
    }
}
