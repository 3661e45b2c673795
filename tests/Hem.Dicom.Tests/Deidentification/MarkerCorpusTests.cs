using System.Text;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

public sealed class MarkerCorpusTests
{
    [Fact]
    public void The_corpus_puts_a_marker_in_every_table_attribute_at_four_levels_and_in_private_blocks()
    {
        var corpus = new MarkerCorpus();
        var dataset = corpus.Build();
        string text = Encoding.Latin1.GetString(DicomWriter.ToPart10Bytes(dataset));

        // 428 exact rows (the three repeating-group masks and the private rule are filled separately), each present
        // at levels 0 to 3; the sequences among them hold an item of further marked attributes.
        var exactTags = ConfidentialityProfileTable.Default.Rows
            .Where(r => !r.TagText.Contains('X', StringComparison.Ordinal) && !r.TagText.StartsWith("(GGGG", StringComparison.Ordinal))
            .Select(r => DicomTag.Parse(r.TagText))
            .ToList();
        Assert.Equal(428, exactTags.Count);
        var level = dataset;
        for (int depth = 0; depth <= 3; depth++)
        {
            Assert.All(exactTags, tag => Assert.True(level.Contains(tag), $"{tag} missing at level {depth}"));
            level = depth < 3 ? level.GetSequence(new DicomTag(0x0008, 0x1115))!.Items[0] : level;
        }

        Assert.Contains(corpus.Markers, m => m.Attribute == "private LT" && m.Level == 1);
        Assert.Contains(corpus.Markers, m => m.Attribute == "private SH" && m.Level == 3);
        Assert.All(corpus.Markers, m => Assert.Contains(m.Text, text, StringComparison.Ordinal));
        Assert.Equal(corpus.Markers.Count, corpus.Markers.Select(m => m.Text).Distinct().Count());
        Assert.InRange(corpus.Markers.Count, 3000, MarkerCorpus.NumbersPerCorpus);
    }

    [Fact]
    public void Basic_profile_leaves_no_marker_anywhere_in_the_written_bytes_and_the_audit_is_clean()
    {
        var corpus = new MarkerCorpus();
        var result = TestKeys.Basic().Deidentify(TestKeys.AsFile(corpus.Build()));
        byte[] bytes = result.ToPart10Bytes();

        AssertNoMarkers(bytes, corpus.Markers);
        Assert.Empty(new DeidentificationAuditor().Audit(DicomReader.Read(bytes)));
    }

    [Fact]
    public void Research_profile_keeps_only_patient_characteristics_and_times_and_shifts_every_date()
    {
        var corpus = new MarkerCorpus();
        var result = TestKeys.Research().Deidentify(TestKeys.AsFile(corpus.Build()));
        byte[] bytes = result.ToPart10Bytes();

        var retained = corpus.Markers.Where(KeptByResearchOptions).ToList();
        Assert.Contains(retained, m => m.Attribute == "Patient's Age");
        Assert.Contains(retained, m => m.Attribute == "Patient's Sex");
        Assert.Contains(retained, m => m.Attribute == "Patient's Size");
        Assert.Contains(retained, m => m.Attribute == "Patient's Weight");
        Assert.Contains(retained, m => m.Attribute == "Study Time");
        string text = Encoding.Latin1.GetString(bytes);
        // Inside sequences the table removes or empties, even these go; everywhere else they stay.
        Assert.All(retained.Where(m => !m.InTableSequence), m => Assert.Contains(m.Text, text, StringComparison.Ordinal));
        AssertNoMarkers(bytes, corpus.Markers.Except(retained));
        Assert.Empty(new DeidentificationAuditor().Audit(DicomReader.Read(bytes)));
    }

    /// <summary>What the research options keep on purpose: characteristics the option marks K, and times of day.</summary>
    internal static bool KeptByResearchOptions(MarkerCorpus.Marker marker) =>
        marker.Row is { } row
        && (string.Equals(row.OptionAction(ProfileOption.RetainPatientCharacteristics), "K", StringComparison.Ordinal)
            || (marker.VR == DicomVR.TM && string.Equals(row.OptionAction(ProfileOption.RetainLongitudinalModifiedDates), "C", StringComparison.Ordinal)));

    internal static void AssertNoMarkers(byte[] bytes, IEnumerable<MarkerCorpus.Marker> markers)
    {
        string text = Encoding.Latin1.GetString(bytes);
        var survivors = markers.Where(m => text.Contains(m.Text, StringComparison.Ordinal))
            .Select(m => $"{m.Attribute} (level {m.Level}, {m.VR})")
            .ToList();
        Assert.True(survivors.Count == 0, "markers survived in: " + string.Join("; ", survivors));
    }
}
