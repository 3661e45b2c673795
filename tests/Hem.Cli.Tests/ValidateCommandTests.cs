using System.IO.Compression;
using System.Text.Json;
using Hem.Dicom.Tests.Validation;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

public sealed class ValidateCommandTests : IDisposable
{
    private const string Philips = "ct_series/philips_ingenuity_brain_5mm";

    private readonly string _folder = Directory.CreateTempSubdirectory("hem-validate-cli-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JsonElement Parse(string output)
    {
        using var document = JsonDocument.Parse(output);
        return document.RootElement.Clone();
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public async Task Help_lists_validate_beside_dicom_and_its_exit_codes()
    {
        var (rootCode, root, _) = await RunAsync("--help");
        var (code, help, _) = await RunAsync("validate", "--help");

        Assert.Equal(0, rootCode);
        Assert.Contains("validate", root, StringComparison.Ordinal);
        Assert.Contains("dicom", root, StringComparison.Ordinal);
        Assert.Equal(0, code);
        Assert.Contains("--json", help, StringComparison.Ordinal);
        Assert.Contains("--min-coverage-mm", help, StringComparison.Ordinal);
        Assert.Contains("0 accepted; 3 rejected; 2 unusable input", help.ReplaceLineEndings(" "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_accepted_study_prints_the_documented_JSON_and_exits_0()
    {
        var (code, stdout, stderr) = await RunAsync("validate", Fixture(Philips), "--json");

        Assert.True(code == 0, stderr);
        Assert.Empty(stderr);
        var json = Parse(stdout);
        Assert.Equal(["accepted", "series", "reasons", "otherSeries", "ignoredFiles"], Names(json));
        Assert.True(json.GetProperty("accepted").GetBoolean());
        var series = json.GetProperty("series");
        Assert.Equal(["index", "modality", "slices", "sliceThicknessMm", "spacingMm", "coverageMm", "rows", "columns", "transferSyntaxUid", "tiltDegrees"], Names(series));
        Assert.Equal(1, series.GetProperty("index").GetInt32());
        Assert.Equal("CT", series.GetProperty("modality").GetString());
        Assert.Equal(28, series.GetProperty("slices").GetInt32());
        Assert.Equal(5.0, series.GetProperty("sliceThicknessMm").GetDouble());
        Assert.Equal(5.0, series.GetProperty("spacingMm").GetDouble());
        Assert.Equal(135.0, series.GetProperty("coverageMm").GetDouble());
        Assert.Equal(512, series.GetProperty("rows").GetInt32());
        Assert.Equal(512, series.GetProperty("columns").GetInt32());
        Assert.Equal("1.2.840.10008.1.2.1", series.GetProperty("transferSyntaxUid").GetString());
        Assert.Equal(0.0, series.GetProperty("tiltDegrees").GetDouble());
        Assert.True(json.GetProperty("reasons").GetArrayLength() >= 10);
        Assert.Equal(0, json.GetProperty("otherSeries").GetArrayLength());
        Assert.Equal(["notDicom", "notImages"], Names(json.GetProperty("ignoredFiles")));
    }

    [Fact]
    public async Task The_tilted_GE_head_reports_its_tilt()
    {
        var (code, stdout, stderr) = await RunAsync("validate", Fixture("ct_series_extra/ge_hispeed_head_tilt"), "--json");

        Assert.True(code == 0, stderr);
        Assert.Equal(18.5, Parse(stdout).GetProperty("series").GetProperty("tiltDegrees").GetDouble());
    }

    [Fact]
    public async Task A_rejected_study_prints_its_code_and_reason_and_exits_3()
    {
        string folder = await new SyntheticSeries { Modality = "MR" }.WriteAsync(Path.Combine(_folder, "mr"), Token);

        var (code, stdout, stderr) = await RunAsync("validate", folder, "--json");

        Assert.Equal(3, code);
        Assert.Empty(stderr);
        var json = Parse(stdout);
        Assert.Equal(["accepted", "code", "reason", "otherSeries", "ignoredFiles"], Names(json));
        Assert.False(json.GetProperty("accepted").GetBoolean());
        Assert.Equal("no-ct", json.GetProperty("code").GetString());
        Assert.EndsWith(".", json.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var other = Assert.Single(json.GetProperty("otherSeries").EnumerateArray().ToList());
        Assert.Equal(["index", "slices", "excludedBecause", "reason"], Names(other));
        Assert.Equal("wrong-modality", other.GetProperty("excludedBecause").GetString());
        Assert.Equal(16, other.GetProperty("slices").GetInt32());
    }

    [Fact]
    public async Task A_coverage_minimum_above_the_series_rejects_it()
    {
        var (code, stdout, _) = await RunAsync("validate", Fixture(Philips), "--min-coverage-mm", "140");

        Assert.Equal(3, code);
        Assert.StartsWith("rejected (insufficient-coverage): No series covers enough of the head along the slice normal (at least 140 mm). Series 1 of 1 covers 135.0 mm", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_output_is_for_people()
    {
        var (code, stdout, _) = await RunAsync("validate", Fixture(Philips));

        Assert.Equal(0, code);
        var lines = stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("accepted: series 1 of 1: CT, 28 slices 5 mm thick, 5 mm apart, 135.0 mm coverage, 512 x 512, tilt 0.0 degrees, Explicit VR Little Endian", lines[0]);
        Assert.Equal("reasons:", lines[1]);
        Assert.StartsWith("  - ", lines[2], StringComparison.Ordinal);
        Assert.Contains("ignored files: 0 not DICOM, 0 DICOM but not images", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_bomb_is_rejected_with_exit_3()
    {
        string zip = Path.Combine(_folder, "bomb.zip");
        await using (var archive = await ZipArchive.CreateAsync(File.Create(zip), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token))
        {
            var entry = archive.CreateEntry("zeros.dcm", CompressionLevel.Optimal);
            await using var stream = await entry.OpenAsync(Token);
            await stream.WriteAsync(new byte[8 << 20], Token);
        }

        var (code, stdout, _) = await RunAsync("validate", zip, "--json");

        Assert.Equal(3, code);
        Assert.Equal("zip-bomb", Parse(stdout).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("--min-coverage-mm", "-5")]
    [InlineData("--min-coverage-mm", "NaN")]
    public async Task A_bad_option_value_is_unusable_input_with_exit_2(string option, string value)
    {
        var (code, stdout, stderr) = await RunAsync("validate", _folder, option, value);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("hem validate: --min-coverage-mm must be a number of millimetres, 0 or more", stderr.Trim());
    }

    [Fact]
    public async Task A_missing_path_is_unusable_input_with_exit_2_and_one_line_that_does_not_echo_it()
    {
        string missing = Path.Combine(_folder, "DOE^JOHN-study");

        var (code, stdout, stderr) = await RunAsync("validate", missing, "--json");

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Equal("hem validate: the input is neither a folder nor a file", stderr.Trim());
        Assert.DoesNotContain("DOE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_attribute_value_or_file_name_reaches_any_output()
    {
        const string Marker = "ZQXMARKER";
        string uid = "2.25.987654321987654321";
        string accepted = Path.Combine(_folder, "accepted");
        string rejected = Path.Combine(_folder, "rejected");
        var series = new SyntheticSeries
        {
            SeriesUid = uid,
            PatientName = $"{Marker}^PATIENT",
            PatientId = $"{Marker}-ID",
            SeriesDescription = $"{Marker} HEAD WO CONTRAST",
        };
        await series.WriteAsync(accepted, Token);
        await (series with { SeriesDescription = $"{Marker} CTA", SeriesUid = uid + "1" }).WriteAsync(rejected, Token);
        await new SyntheticSeries { Modality = "MR", PatientName = Marker, SeriesUid = uid + "2" }.WriteAsync(Path.Combine(accepted, $"{Marker}_mr"), Token);
        await File.WriteAllTextAsync(Path.Combine(accepted, $"{Marker}_notes.txt"), Marker, Token);

        var outputs = new List<(int Code, string Output, string Error)>();
        foreach (string folder in new[] { accepted, rejected })
        {
            outputs.Add(await RunAsync("validate", folder));
            outputs.Add(await RunAsync("validate", folder, "--json"));
        }

        Assert.Equal([0, 0, 3, 3], outputs.Select(o => o.Code));
        foreach (var (_, output, error) in outputs)
        {
            Assert.DoesNotContain(Marker, output + error, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(uid, output + error, StringComparison.Ordinal);
            Assert.DoesNotContain("2.25.1234567", output + error, StringComparison.Ordinal);
        }

        Assert.Contains("wrong-modality", outputs[0].Output, StringComparison.Ordinal);
        Assert.Contains("contrast-enhanced", outputs[3].Output, StringComparison.Ordinal);
    }
}
