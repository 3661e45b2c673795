using Hem.Dicom.Deidentification;
using Hem.Testing;

namespace Hem.Dicom.Tests.Deidentification;

/// <summary>The transcription of PS3.15 Table E.1-1: complete, well formed, and right where it is easy to know.</summary>
public sealed class ConfidentialityProfileTableTests
{
    private static readonly ConfidentialityProfileTable Table = ConfidentialityProfileTable.Default;

    private static string TsvPath => Path.Combine(RepositoryPaths.Root, "functions", "Hem.Dicom", "Deidentification", "confidentiality-profile.tsv");

    [Fact]
    public void The_table_has_every_row_of_the_source_and_names_it()
    {
        string[] lines = File.ReadAllLines(TsvPath);
        int dataLines = lines.Count(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("tag\t", StringComparison.Ordinal));

        // innolitics/dicom-standard standard/confidentiality_profile_attributes.json at d6ed9cc... has 432 objects.
        Assert.Equal(432, dataLines);
        Assert.Equal(432, Table.Rows.Count);
        Assert.StartsWith("# PS3.15 Table E.1-1 Application Level Confidentiality Profile Attributes", lines[0], StringComparison.Ordinal);
        Assert.Contains("innolitics/dicom-standard standard/confidentiality_profile_attributes.json at commit d6ed9ccf372fd4105029734c93f54a6fd027db02", lines[0], StringComparison.Ordinal);
        Assert.Equal(432, Table.Rows.Select(r => r.TagText).Distinct().Count());
        Assert.Equal(432, Table.Rows.Select(r => r.Name).Distinct().Count());
    }

    [Fact]
    public void Basic_profile_codes_have_the_counts_of_the_source()
    {
        var counts = Table.Rows.GroupBy(r => r.BasicAction).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        Assert.Equal(
            new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["X"] = 275, ["U"] = 48, ["D"] = 35, ["Z"] = 34, ["X/D"] = 17, ["X/Z"] = 10, ["X/Z/D"] = 7, ["Z/D"] = 4, ["X/Z/U*"] = 2,
            },
            counts);
    }

    [Fact]
    public void Option_columns_have_the_counts_of_the_source()
    {
        int Count(ProfileOption option, string code) => Table.Rows.Count(r => string.Equals(r.OptionAction(option), code, StringComparison.Ordinal));

        Assert.Equal(1, Count(ProfileOption.RetainSafePrivate, "C"));
        Assert.Equal(1, Count(ProfileOption.RetainUids, "X"));
        Assert.Equal(8, Count(ProfileOption.RetainPatientCharacteristics, "K"));
        Assert.Equal(4, Count(ProfileOption.RetainPatientCharacteristics, "C"));
        int dates = Count(ProfileOption.RetainLongitudinalFullDates, "K");
        Assert.Equal(dates, Count(ProfileOption.RetainLongitudinalModifiedDates, "C"));
        Assert.All(Table.Rows.Where(r => r.OptionAction(ProfileOption.RetainLongitudinalFullDates) is not null),
            r => Assert.Equal("C", r.OptionAction(ProfileOption.RetainLongitudinalModifiedDates)));
    }

    [Theory]
    [InlineData("(0010,0010)", "Patient's Name", "Z", null, null)]
    [InlineData("(0010,0020)", "Patient ID", "Z", null, null)]
    [InlineData("(0020,000D)", "Study Instance UID", "U", ProfileOption.RetainUids, "K")]
    [InlineData("(0020,000E)", "Series Instance UID", "U", ProfileOption.RetainUids, "K")]
    [InlineData("(0008,0018)", "SOP Instance UID", "U", ProfileOption.RetainUids, "K")]
    [InlineData("(0008,1155)", "Referenced SOP Instance UID", "U", ProfileOption.RetainUids, "K")]
    [InlineData("(0020,0052)", "Frame of Reference UID", "U", ProfileOption.RetainUids, "K")]
    [InlineData("(0008,0050)", "Accession Number", "Z", null, null)]
    [InlineData("(0010,0030)", "Patient's Birth Date", "Z", null, null)]
    [InlineData("(0008,0080)", "Institution Name", "X/Z/D", ProfileOption.RetainInstitutionIdentity, "K")]
    [InlineData("(0008,0023)", "Content Date", "Z/D", ProfileOption.RetainLongitudinalModifiedDates, "C")]
    [InlineData("(0008,0020)", "Study Date", "Z", ProfileOption.RetainLongitudinalFullDates, "K")]
    [InlineData("(0010,0040)", "Patient's Sex", "Z", ProfileOption.RetainPatientCharacteristics, "K")]
    [InlineData("(0010,1010)", "Patient's Age", "X", ProfileOption.RetainPatientCharacteristics, "K")]
    [InlineData("(0010,1020)", "Patient's Size", "X", ProfileOption.RetainPatientCharacteristics, "K")]
    [InlineData("(0010,1030)", "Patient's Weight", "X", ProfileOption.RetainPatientCharacteristics, "K")]
    [InlineData("(0008,1140)", "Referenced Image Sequence", "X/Z/U*", ProfileOption.RetainUids, "K")]
    [InlineData("(0008,2112)", "Source Image Sequence", "X/Z/U*", ProfileOption.RetainUids, "K")]
    [InlineData("(0008,1120)", "Referenced Patient Sequence", "X", ProfileOption.RetainUids, "X")]
    [InlineData("(0018,1000)", "Device Serial Number", "X/Z/D", ProfileOption.RetainDeviceIdentity, "K")]
    [InlineData("(0008,1030)", "Study Description", "X", ProfileOption.CleanDescriptors, "C")]
    [InlineData("(0040,A730)", "Content Sequence", "D", ProfileOption.CleanStructuredContent, "C")]
    [InlineData("(0088,0200)", "Icon Image Sequence (see Note 12)", "X", null, null)]
    [InlineData("(0400,0100)", "Digital Signature UID", "U", ProfileOption.RetainUids, null)]
    [InlineData("(0002,0003)", "Media Storage SOP Instance UID", "U", ProfileOption.RetainUids, "K")]
    [InlineData("(0018,9367)", "X-Ray Source ID", "D", ProfileOption.RetainDeviceIdentity, "K")]
    public void Well_known_rows_say_what_the_standard_says(string tag, string name, string basic, ProfileOption? option, string? optionCode)
    {
        Assert.True(Table.TryFind(DicomTag.Parse(tag), out var row));

        Assert.Equal(name, row.Name);
        Assert.Equal(basic, row.BasicAction);
        if (option is { } o)
        {
            Assert.Equal(optionCode, row.OptionAction(o));
        }
    }

    [Theory]
    [InlineData(0x5000, 0x3000, "Curve Data", "X", ProfileOption.CleanGraphics)]
    [InlineData(0x501E, 0x0010, "Curve Data", "X", ProfileOption.CleanGraphics)]
    [InlineData(0x6000, 0x3000, "Overlay Data", "X", ProfileOption.CleanGraphics)]
    [InlineData(0x6002, 0x3000, "Overlay Data", "X", ProfileOption.CleanGraphics)]
    [InlineData(0x601E, 0x4000, "Overlay Comments", "X", ProfileOption.CleanGraphics)]
    [InlineData(0x0009, 0x1001, "Private attributes", "X", ProfileOption.RetainSafePrivate)]
    [InlineData(0x6001, 0x3000, "Private attributes", "X", ProfileOption.RetainSafePrivate)]
    public void Repeating_groups_and_private_tags_find_their_rows(int group, int element, string name, string basic, ProfileOption option)
    {
        Assert.True(Table.TryFind(new DicomTag((ushort)group, (ushort)element), out var row));

        Assert.Equal(name, row.Name);
        Assert.Equal(basic, row.BasicAction);
        Assert.Equal("C", row.OptionAction(option));
    }

    [Fact]
    public void Attributes_the_table_does_not_list_find_no_row()
    {
        Assert.False(Table.TryFind(DicomTags.PixelData, out _));
        Assert.False(Table.TryFind(DicomTags.SOPClassUID, out _));
        Assert.False(Table.TryFind(new DicomTag(0x6000, 0x0010), out _));
    }

    [Fact]
    public void Every_exact_tag_is_in_the_data_dictionary()
    {
        var exact = Table.Rows.Where(r => !r.TagText.Contains('X', StringComparison.Ordinal) && !r.TagText.StartsWith("(GGGG", StringComparison.Ordinal));

        Assert.All(exact, r => Assert.True(DicomDictionary.Default.TryGet(DicomTag.Parse(r.TagText), out _), r.TagText));
    }

    [Fact]
    public void A_malformed_table_is_refused_with_its_line_number()
    {
        string header = "tag\tname\tstdCompIOD\tbasicProfile\trtnSafePrivOpt\trtnUIDsOpt\trtnDevIdOpt\trtnInstIdOpt\trtnPatCharsOpt\trtnLongFullDatesOpt\trtnLongModifDatesOpt\tcleanDescOpt\tcleanStructContOpt\tcleanGraphOpt";
        string bad = header + "\n(0010,0010)\tPatient's Name\tY\tQ\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\n";

        var ex = Assert.Throws<InvalidDataException>(() => ConfidentialityProfileTable.Parse(new StringReader(bad)));
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }
}
