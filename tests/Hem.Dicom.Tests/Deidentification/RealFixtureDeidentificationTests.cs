using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hem.Dicom.Deidentification;
using Hem.Testing;

namespace Hem.Dicom.Tests.Deidentification;

/// <summary>De-identification of real scanner and toolkit files: UID consistency, references, IOD validity, input untouched.</summary>
public sealed partial class RealFixtureDeidentificationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-deid-real-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_series_de_identified_twice_gets_the_same_UIDs_and_one_study_series_and_frame_of_reference()
    {
        string series = Fixtures.Path("ct_series/philips_ingenuity_brain_5mm");

        var first = await RunAsync(series, "first", TestKeys.Deployment);
        var second = await RunAsync(series, "second", TestKeys.Deployment);

        Assert.Equal(28, first.Count);
        Assert.Equal(first.Keys.Order(StringComparer.Ordinal), second.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, dicom) in first)
        {
            Assert.Equal(dicom.Dataset.GetString(DicomTags.SOPInstanceUID) + ".dcm", name);
            Assert.Equal(DicomWriter.ToPart10Bytes(dicom.Dataset), DicomWriter.ToPart10Bytes(second[name].Dataset));
        }

        foreach (var tag in new[] { DicomTags.StudyInstanceUID, DicomTags.SeriesInstanceUID, DicomTags.FrameOfReferenceUID, DicomTags.PatientID })
        {
            var values = first.Values.Select(d => d.Dataset.GetString(tag)).Distinct().ToList();
            Assert.Single(values);
        }

        var originals = DicomFileSource.FromFolder(series);
        var original = await originals[0].ReadAsync(DicomReadOptions.Default, Token);
        string newStudy = first.Values.First().Dataset.GetString(DicomTags.StudyInstanceUID)!;
        Assert.StartsWith("2.25.", newStudy, StringComparison.Ordinal);
        Assert.NotEqual(original.Dataset.GetString(DicomTags.StudyInstanceUID), newStudy);
        Assert.Equal(new UidReplacer(TestKeys.Deployment).Replace(original.Dataset.GetString(DicomTags.StudyInstanceUID)!), newStudy);
    }

    [Fact]
    public async Task Another_key_gives_other_UIDs()
    {
        string series = Fixtures.Path("ct_series/philips_ingenuity_brain_5mm");

        var mine = await RunAsync(series, "mine", TestKeys.Deployment);
        var theirs = await RunAsync(series, "theirs", TestKeys.Other);

        Assert.Empty(mine.Keys.Intersect(theirs.Keys));
        Assert.NotEqual(mine.Values.First().Dataset.GetString(DicomTags.StudyInstanceUID), theirs.Values.First().Dataset.GetString(DicomTags.StudyInstanceUID));
    }

    [Fact]
    public async Task References_in_sequences_map_to_the_referenced_objects_new_UIDs()
    {
        string study = Fixtures.Path("ct_series/dcmqi_23x38x3");

        var result = await RunAsync(study, "seg", TestKeys.Deployment);

        var images = result.Values.Where(d => d.Dataset.GetString(DicomTags.SOPClassUID) == MarkerCorpus.CtImageStorage).ToList();
        var seg = result.Values.Single(d => d.Dataset.GetString(DicomTags.SOPClassUID) == "1.2.840.10008.5.1.4.1.1.66.4");
        var imageUids = images.Select(d => d.Dataset.GetString(DicomTags.SOPInstanceUID)!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(3, imageUids.Count);
        var referencedSeries = seg.Dataset.GetSequence(DicomTags.ReferencedSeriesSequence)!.Items.Single();
        Assert.Equal(images[0].Dataset.GetString(DicomTags.SeriesInstanceUID), referencedSeries.GetString(DicomTags.SeriesInstanceUID));
        var referenced = referencedSeries.GetSequence(DicomTags.ReferencedInstanceSequence)!.Items.Select(i => i.GetString(DicomTags.ReferencedSOPInstanceUID)!).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(imageUids, referenced);
        var sources = seg.Dataset.GetSequence(DicomTags.PerFrameFunctionalGroupsSequence)!.Items
            .SelectMany(frame => frame.GetSequence(DicomTags.DerivationImageSequence)?.Items ?? [])
            .SelectMany(derivation => derivation.GetSequence(DicomTags.SourceImageSequence)!.Items)
            .Select(source => source.GetString(DicomTags.ReferencedSOPInstanceUID)!)
            .ToHashSet(StringComparer.Ordinal);
        Assert.Equal(imageUids, sources);
        Assert.Equal(images[0].Dataset.GetString(DicomTags.FrameOfReferenceUID), seg.Dataset.GetString(DicomTags.FrameOfReferenceUID));
        Assert.Equal(images[0].Dataset.GetString(DicomTags.StudyInstanceUID), seg.Dataset.GetString(DicomTags.StudyInstanceUID));
    }

    [Fact]
    public async Task The_input_files_are_never_changed()
    {
        string input = Path.Combine(_folder, "input");
        Directory.CreateDirectory(input);
        foreach (string file in Directory.GetFiles(Fixtures.Path("ct_series/dcmqi_23x38x3")))
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)));
        }

        var before = Hashes(input);
        await RunAsync(input, "out", TestKeys.Deployment);

        Assert.Equal(before, Hashes(input));
    }

    public static TheoryData<string> ValidatedFixtures() =>
    [
        "ct_series/philips_ingenuity_brain_5mm/I10.dcm",
        "ct_series/philips_ingenuity_brain_5mm/I150.dcm",
        "ct/CT1_UNC.explicit_little_endian.dcm",
        "ct/CT1_UNC.explicit_big_endian.dcm",
        "ct/CT1_RLE_FRAGS.dcm",
        "ct_series_extra/ge_hispeed_head_tilt/01.dcm",
        "ct_series_extra/ge_hispeed_head_tilt/14.dcm",
        "multiframe/CT0012.explicit_little_endian.dcm",
        "ct_series/dcmqi_23x38x3/label_seg.dcm",
        "ct_series/dcmqi_23x38x3/mf_legacy_converted_enhanced_ct.dcm",
        "ct/highdicom_ct_image.dcm",
        "multiframe/pydicom_emri_small.dcm",
        "quirks/pydicom_test-SR.dcm",
    ];

    [Theory]
    [MemberData(nameof(ValidatedFixtures))]
    public async Task Dciodvfy_finds_no_error_in_the_output_that_it_did_not_find_in_the_input(string fixture)
    {
        string dciodvfy = ExternalTool.Require("dciodvfy", "apt-get install dicom3tools");
        string input = Fixtures.Path(fixture);
        foreach (var options in new[] { DeidentificationOptions.Basic, DeidentificationOptions.Research })
        {
            var result = new DatasetDeidentifier(TestKeys.Deployment, options).Deidentify(await DicomReader.ReadFileAsync(input, cancellationToken: Token));
            string output = Path.Combine(_folder, options.Profile + "-" + result.FileName);
            await File.WriteAllBytesAsync(output, result.ToPart10Bytes(), Token);

            var before = await ErrorsAsync(dciodvfy, input);
            var after = await ErrorsAsync(dciodvfy, output);

            var introduced = after.Except(before).ToList();
            Assert.True(introduced.Count == 0, $"{options.Profile}: new dciodvfy errors:\n" + string.Join("\n", introduced));
        }
    }

    [Theory]
    [InlineData("ct_series/philips_ingenuity_brain_5mm")]
    [InlineData("ct_series_extra/ge_hispeed_head_tilt")]
    public async Task Dciodvfy_finds_no_new_error_in_any_file_of_a_whole_series(string series)
    {
        string dciodvfy = ExternalTool.Require("dciodvfy", "apt-get install dicom3tools");
        string folder = Fixtures.Path(series);
        string output = Path.Combine(_folder, "series");
        await new DeidentificationBatch(TestKeys.Basic()).RunAsync(folder, output, cancellationToken: Token);
        var replacer = new UidReplacer(TestKeys.Deployment);

        var introduced = new List<string>();
        foreach (string input in Directory.GetFiles(folder))
        {
            var original = await DicomReader.ReadFileAsync(input, cancellationToken: Token);
            string deidentified = Path.Combine(output, replacer.Replace(original.Dataset.GetString(DicomTags.SOPInstanceUID)!) + ".dcm");
            var before = await ErrorsAsync(dciodvfy, input);
            introduced.AddRange((await ErrorsAsync(dciodvfy, deidentified)).Except(before).Select(e => Path.GetFileName(input) + ": " + e));
        }

        Assert.Equal(28, Directory.GetFiles(output).Length);
        Assert.True(introduced.Count == 0, "new dciodvfy errors:\n" + string.Join("\n", introduced));
    }

    private async Task<Dictionary<string, DicomFile>> RunAsync(string input, string name, DeidentificationKey key)
    {
        string output = Path.Combine(_folder, name);
        var batch = new DeidentificationBatch(new DatasetDeidentifier(key, DeidentificationOptions.Basic));
        await batch.RunAsync(input, output, cancellationToken: Token);
        var files = new Dictionary<string, DicomFile>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(output))
        {
            files[Path.GetFileName(file)] = await DicomReader.ReadFileAsync(file, cancellationToken: Token);
        }

        return files;
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    // Error lines only (warnings are advice), with UIDs normalised: the output's UIDs are new by design.
    private static async Task<HashSet<string>> ErrorsAsync(string dciodvfy, string file)
    {
        var result = await ExternalTool.RunAsync(dciodvfy, [file], TimeSpan.FromSeconds(60), Token);
        return (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith("Error", StringComparison.Ordinal))
            .Select(line => Uid().Replace(line, "<uid>"))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\b\d+(\.\d+){2,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex Uid();
}
