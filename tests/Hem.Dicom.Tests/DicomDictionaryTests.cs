using System.Globalization;
using Hem.Testing;

namespace Hem.Dicom.Tests;

/// <summary>The generated dictionary (from pydicom's copy of PS3.6) checked against DCMTK's, made independently.</summary>
public sealed class DicomDictionaryTests
{
    [Fact]
    public void Standard_attributes_have_the_keyword_and_VR_DCMTK_gives_them()
    {
        string dictionary = ExternalTool.Require("/usr/share/libdcmtk17/dicom.dic", "apt-get install dcmtk");
        int compared = 0;
        var disagreements = new List<string>();
        foreach (string line in File.ReadLines(dictionary))
        {
            string[] fields = line.Split('\t');
            // Exact public tags only: "(0010,0010)	PN	PatientName	1	DICOM"; DCMTK's RET rows are retired names it renamed.
            if (line.StartsWith('#') || fields.Length < 5 || fields[0].Length != 11 || fields[0].Contains('x', StringComparison.OrdinalIgnoreCase)
                || fields[4] != "DICOM" || fields[0].Contains('"', StringComparison.Ordinal))
            {
                continue;
            }

            var tag = new DicomTag(ushort.Parse(fields[0][1..5], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(fields[0][6..10], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            if (tag.IsPrivate || tag.Group == 0xFFFE)
            {
                continue;
            }

            compared++;
            if (!DicomDictionary.Default.TryGet(tag, out var entry))
            {
                // Attributes added to the standard after pydicom's 2022a copy are allowed to be missing.
                continue;
            }

            string ours = string.Join("/", entry.ValueRepresentations.Select(v => v.Code).Order(StringComparer.Ordinal));
            string theirs = string.Join("/", DcmtkVRs(fields[1]).Order(StringComparer.Ordinal));
            // LUT Data (0028,3006): PS3.6 lists "US or OW"; DCMTK also admits SS. The one known difference.
            if ((entry.Keyword != fields[2] || ours != theirs) && tag != new DicomTag(0x0028, 0x3006))
            {
                disagreements.Add($"{tag}: ours {entry.Keyword} {ours}, DCMTK {fields[2]} {theirs}");
            }
        }

        Assert.True(compared > 3000, $"only {compared} DCMTK entries compared");
        Assert.Empty(disagreements);
    }

    [Fact]
    public void Repeating_groups_and_private_tags_resolve_as_the_standard_says()
    {
        var dictionary = DicomDictionary.Default;

        Assert.True(dictionary.TryGet(new DicomTag(0x6002, 0x3000), out var overlay));
        Assert.Equal("OverlayData", overlay.Keyword);
        Assert.False(dictionary.TryGet(new DicomTag(0x6001, 0x3000), out _));
        Assert.Equal(DicomVR.LO, dictionary.DefaultVR(new DicomTag(0x0029, 0x0010)));
        Assert.Equal(DicomVR.UN, dictionary.DefaultVR(new DicomTag(0x0029, 0x1010)));
        Assert.Equal(DicomVR.UL, dictionary.DefaultVR(new DicomTag(0x0018, 0x0000)));
        Assert.True(dictionary.TryGetByKeyword("PatientName", out var patientName));
        Assert.Equal(new DicomTag(0x0010, 0x0010), patientName);
        Assert.Equal(DicomTags.PatientName, patientName);
    }

    private static IEnumerable<string> DcmtkVRs(string field) => field switch
    {
        // DCMTK's pseudo-VRs for "US or SS" style ambiguity.
        "xs" => ["US", "SS"],
        "ox" => ["OB", "OW"],
        "lt" => ["US", "SS", "OW"],
        "up" => ["UL"],
        "px" => ["OB", "OW"],
        _ => [field],
    };
}
