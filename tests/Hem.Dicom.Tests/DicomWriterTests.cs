using Hem.Testing;

namespace Hem.Dicom.Tests;

/// <summary>
/// The writer is checked by tools this project did not write: DCMTK's dcmdump must read the output without a
/// warning, and pydicom must find every element of the original with the same value.
/// </summary>
public sealed class DicomWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-writer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> CleanFixtures =>
    [
        "ct_series/philips_ingenuity_brain_5mm/I10.dcm",
        "ct/CT1_UNC.explicit_little_endian.dcm",
        "ct/CT1_UNC.implicit_little_endian.dcm",
        "ct/CT1_UNC.explicit_big_endian.dcm",
        "ct/CT1_RLE_FRAGS.dcm",
        "ts/pydicom_MR_small.dcm",
        "ts/pydicom_MR_small_bigendian.dcm",
        "ts/pydicom_image_dfl.dcm",
        "ts/pydicom_SC_rgb_small_odd.dcm",
        "multiframe/CT0012.explicit_little_endian.dcm",
        "multiframe/CT0012.fragmented_no_bot_jpeg_lossless.57.dcm",
        "seg/dcmqi_liver_seg.dcm",
        "seg/highdicom_seg_image_ct_binary.dcm",
        "ct_series/dcmqi_ct_3slice/01.dcm",
        "quirks/orthanc_MalaterreCP246_jls_UN.dcm",
        "quirks/pydicom_test-SR.dcm",
    ];

    private async Task<(DicomFile Original, string Written)> RewriteAsync(string relative)
    {
        var original = await DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);
        string written = Path.Combine(_folder, Path.GetFileName(relative) + ".rewritten.dcm");
        var syntax = original.TransferSyntax.Encapsulated ? original.TransferSyntax : null;
        await DicomWriter.WriteFileAsync(written, original.Dataset, syntax, TestContext.Current.CancellationToken);
        return (original, written);
    }

    [Theory]
    [MemberData(nameof(CleanFixtures))]
    public async Task Rewritten_files_read_back_with_the_same_elements(string relative)
    {
        var (original, written) = await RewriteAsync(relative);

        var back = await DicomReader.ReadFileAsync(written, cancellationToken: TestContext.Current.CancellationToken);

        AssertSameElements(original.Dataset, back.Dataset, "");
        Assert.Equal(original.TransferSyntax.Encapsulated ? original.TransferSyntax.Uid : "1.2.840.10008.1.2.1", back.TransferSyntax.Uid);
    }

    [Theory]
    [MemberData(nameof(CleanFixtures))]
    public async Task Dcmdump_reads_rewritten_files_without_a_warning(string relative)
    {
        string dcmdump = ExternalTool.Require("dcmdump", "apt-get install dcmtk");
        var (_, written) = await RewriteAsync(relative);

        var result = await ExternalTool.RunAsync(dcmdump, ["-dc", written], TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.StandardError.Trim());
    }

    [Theory]
    [MemberData(nameof(CleanFixtures))]
    public async Task Pydicom_finds_every_original_element_unchanged_and_warns_of_nothing(string relative)
    {
        string python = ExternalTool.RequirePython("pydicom");
        var (_, written) = await RewriteAsync(relative);
        string script = Path.Combine(AppContext.BaseDirectory, "Scripts", "compare_datasets.py");

        var result = await ExternalTool.RunAsync(python, [script, Fixtures.Path(relative), written], TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, result.StandardOutput + result.StandardError);
        Assert.Equal("same", result.StandardOutput.Trim());
    }

    [Fact]
    public void The_meta_group_length_counts_exactly_the_meta_elements_after_it()
    {
        var dataset = new DicomDataset();
        dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1");
        dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Odd^Length");

        byte[] bytes = DicomWriter.ToPart10Bytes(dataset);
        var file = DicomReader.Read(bytes);

        long groupLength = file.FileMetaInformation.GetInteger(new DicomTag(0x0002, 0x0000))!.Value;
        int metaEnd = 132 + 12 + (int)groupLength;
        Assert.Equal(0x08, bytes[metaEnd]); // the dataset's first tag (0008,0016) starts right after the meta group
        Assert.Equal(0x16, bytes[metaEnd + 2]);
        Assert.Equal("Odd^Length", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        Assert.Equal(0, bytes.Length % 2);
    }

    private static void AssertSameElements(DicomDataset expected, DicomDataset actual, string path)
    {
        var expectedTags = expected.Elements.Where(e => !e.Tag.IsGroupLength && !e.Tag.IsFileMeta).Select(e => e.Tag).ToList();
        Assert.Equal(expectedTags, actual.Elements.Select(e => e.Tag).ToList());
        foreach (var element in expected.Elements.Where(e => !e.Tag.IsGroupLength && !e.Tag.IsFileMeta))
        {
            var other = actual[element.Tag]!;
            switch (element)
            {
                case DicomSequence sequence:
                    var otherSequence = Assert.IsType<DicomSequence>(other);
                    Assert.Equal(sequence.Items.Count, otherSequence.Items.Count);
                    for (int i = 0; i < sequence.Items.Count; i++)
                    {
                        AssertSameElements(sequence.Items[i], otherSequence.Items[i], $"{path}{element.Tag}[{i}].");
                    }

                    break;
                case DicomFragmentSequence fragments:
                    var otherFragments = Assert.IsType<DicomFragmentSequence>(other);
                    Assert.Equal(fragments.OffsetTable.ToArray(), otherFragments.OffsetTable.ToArray());
                    Assert.Equal(fragments.Fragments.Count, otherFragments.Fragments.Count);
                    break;
                case DicomValueElement value:
                    var bytes = value.Bytes.ToArray();
                    var written = Assert.IsType<DicomValueElement>(other).Bytes.ToArray();
                    bool samePadded = written.Length == bytes.Length + 1 && written.AsSpan(0, bytes.Length).SequenceEqual(bytes);
                    Assert.True(written.SequenceEqual(bytes) || samePadded, $"{path}{element.Tag} differs after rewrite");
                    break;
            }
        }
    }
}
