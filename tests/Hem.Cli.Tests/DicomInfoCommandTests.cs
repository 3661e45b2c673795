using System.CommandLine;
using System.Text.Json;
using Hem.Testing;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// `hem dicom info` end to end. The expected statistics are the rows make_expected.py wrote for these fixtures
/// with pydicom and DCMTK (tests/Hem.Dicom.Tests/Expected/fixtures-expected.tsv).
/// </summary>
public sealed class DicomInfoCommandTests
{
    [Theory]
    [InlineData("ct_series/philips_ingenuity_brain_5mm/I10.dcm", "1.2.840.10008.1.2.1", 0, 1794, "e066e9246e82e788059e9cb791e9633ddede3a54cb66f5bd253fe5cd67765449")]
    [InlineData("ct/CT1_RLE_FRAGS.dcm", "1.2.840.10008.1.2.5", -2000, 2278, "824141bed775b72b8c85c7a7d20073ba60314b4df4067746316120574db42594")]
    public async Task Json_output_has_the_attributes_and_the_pixel_statistics_pydicom_and_DCMTK_agree_on(
        string relative, string transferSyntax, long min, long max, string sha256)
    {
        var (code, output, error) = await RunAsync("dicom", "info", Fixture(relative), "--json");

        Assert.Equal(0, code);
        Assert.Equal(string.Empty, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(transferSyntax, root.GetProperty("transferSyntaxUid").GetString());
        Assert.Equal("CT", root.GetProperty("modality").GetString());
        Assert.Equal(512, root.GetProperty("rows").GetInt32());
        Assert.Equal(512, root.GetProperty("columns").GetInt32());
        Assert.Equal(1, root.GetProperty("frames").GetInt32());
        Assert.Equal(16, root.GetProperty("bitsAllocated").GetInt32());
        var pixels = root.GetProperty("pixels");
        Assert.Equal(262144, pixels.GetProperty("count").GetInt64());
        Assert.Equal(min, pixels.GetProperty("min").GetInt64());
        Assert.Equal(max, pixels.GetProperty("max").GetInt64());
        Assert.Equal(sha256, pixels.GetProperty("sha256").GetString());
    }

    [Theory]
    [InlineData("corrupt/pydicom_MR_truncated.dcm", "declares 8192 bytes")]
    [InlineData("ts/pydicom_HTJ2K_08_RGB.dcm", "unsupported transfer syntax 1.2.840.10008.1.2.4.203 (High-Throughput JPEG 2000 Image Compression)")]
    public async Task An_unreadable_file_exits_2_with_one_line_that_says_why(string relative, string reason)
    {
        var (code, output, error) = await RunAsync("dicom", "info", Fixture(relative));

        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_2()
    {
        var (code, _, error) = await RunAsync("dicom", "info", Path.Combine(Path.GetTempPath(), "hem-no-such-file.dcm"));

        Assert.Equal(2, code);
        Assert.Contains("hem-no-such-file.dcm", error, StringComparison.Ordinal);
    }
}
