using System.Text.Json;
using Hem.Imaging.Nifti;
using Hem.Testing;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// <c>hem prepare</c> end to end on two synthetic cases: the prepared layout read back by nibabel and recomputed
/// independently with scipy (Scripts/check_prepared.py); skipped cases; bad input writes nothing.
/// </summary>
[Collection(PairedCasesDefinition.Name)]
public sealed class PrepareCommandTests(PairedCasesFixture cases) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-prepare-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Out(string name) => Path.Combine(_root, name);

    [Fact]
    public async Task Writes_the_prepared_layout_that_nibabel_and_scipy_agree_with()
    {
        var ct = TestContext.Current.CancellationToken;
        var (code, output, error) = await RunAsync("prepare", "--data", cases.Data, "--out", Out("prepared"));

        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.Contains(" case-0001: model grid ", output, StringComparison.Ordinal);
        Assert.Contains(" case-0002: model grid ", output, StringComparison.Ordinal);
        Assert.Contains("prepared 2 of 2 cases (1.5 mm, margin 20 mm, patch 32 x 32 x 32, hu-clip-0-100-unit)", output, StringComparison.Ordinal);
        Assert.Equal(["case-0001", "case-0002", "preprocessing.json"], Directory.GetFileSystemEntries(Out("prepared")).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using (var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out("prepared"), "preprocessing.json"), ct)))
        {
            var m = manifest.RootElement;
            Assert.Equal(1.5, m.GetProperty("spacingMm").GetDouble());
            Assert.Equal(20, m.GetProperty("roiMarginMm").GetDouble());
            Assert.Equal([32, 32, 32], m.GetProperty("patchSize").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal("hu-clip-0-100-unit", m.GetProperty("intensityNormalisation").GetString());
            Assert.Equal("zyx", m.GetProperty("axisOrder").GetString());
            Assert.Equal("hem prepare", m.GetProperty("tool").GetString());
            Assert.StartsWith("0.1.0", m.GetProperty("toolVersion").GetString(), StringComparison.Ordinal);
        }

        foreach (string name in new[] { "case-0001", "case-0002" })
        {
            await CheckCaseAsync(Path.Combine(cases.Data, name), Path.Combine(Out("prepared"), name), ct);
        }
    }

    private static async Task CheckCaseAsync(string source, string prepared, CancellationToken ct)
    {
        Assert.Equal(
            ["brain.nii.gz", "ct.nii.gz", "followup.ct.nii.gz", "followup.mask.nii.gz", "mask.nii.gz", "prepared.json"],
            Directory.GetFiles(prepared).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(prepared, "prepared.json"), ct));
        var p = json.RootElement;
        using var truth = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(source, "case.json"), ct));
        Assert.Equal(Path.GetFileName(source), p.GetProperty("case").GetString());
        double baselineMl = p.GetProperty("baselineVolumeMl").GetDouble();
        double followupMl = p.GetProperty("followupVolumeMl").GetDouble();
        Assert.Equal(truth.RootElement.GetProperty("baselineVolumeMl").GetDouble(), baselineMl, 0.01);
        Assert.Equal(truth.RootElement.GetProperty("followupVolumeMl").GetDouble(), followupMl, 0.01);
        Assert.Equal(followupMl - baselineMl, p.GetProperty("growthMl").GetDouble(), 1e-9);
        int[] size = [.. p.GetProperty("modelGridSize").EnumerateArray().Select(e => e.GetInt32())];
        Assert.All(size, n => Assert.True(n >= 32));
        var roi = p.GetProperty("roiInBaselineVoxels");
        foreach (string bound in new[] { "x0", "y0", "z0", "x1", "y1", "z1" })
        {
            Assert.True(roi.TryGetProperty(bound, out _), bound);
        }

        var baseline = await Nibabel.ReadAsync(Path.Combine(source, "baseline.mask.nii.gz"), withValues: false, ct);
        foreach (var (file, dtype) in new[] { ("ct.nii.gz", "float32"), ("mask.nii.gz", "float32"), ("brain.nii.gz", "uint8"), ("followup.mask.nii.gz", "float32"), ("followup.ct.nii.gz", "float32") })
        {
            var image = await Nibabel.ReadAsync(Path.Combine(prepared, file), withValues: false, ct);
            Assert.Equal(size, image.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(dtype, image.GetProperty("dtype").GetString());
            // Columns: 1.5 mm along the baseline's own axis directions (no reorientation).
            var affine = Matrix(image.GetProperty("sform"));
            var baselineAffine = Matrix(baseline.GetProperty("sform"));
            for (int column = 0; column < 3; column++)
            {
                double length = Math.Sqrt(Enumerable.Range(0, 3).Sum(r => affine[r][column] * affine[r][column]));
                double baselineLength = Math.Sqrt(Enumerable.Range(0, 3).Sum(r => baselineAffine[r][column] * baselineAffine[r][column]));
                Assert.Equal(1.5, length, 1e-4);
                for (int row = 0; row < 3; row++)
                {
                    Assert.Equal(baselineAffine[row][column] / baselineLength, affine[row][column] / length, 1e-5);
                }
            }
        }

        string python = ExternalTool.RequirePython("nibabel", "numpy", "scipy");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Cli.Tests", "Scripts", "check_prepared.py");
        var run = await ExternalTool.RunAsync(python, [script, source, prepared], TimeSpan.FromMinutes(2), ct);
        Assert.True(run.ExitCode == 0, run.StandardError);
        using var check = JsonDocument.Parse(run.StandardOutput);
        var c = check.RootElement;
        Assert.True(c.GetProperty("comparedInBrain").GetInt32() > 10_000);
        Assert.True(c.GetProperty("ctMaxDifference").GetDouble() < 1e-5, run.StandardOutput);
        Assert.Equal(0, c.GetProperty("ctOutsideBrainMax").GetDouble());
        Assert.True(c.GetProperty("maskMaxDifference").GetDouble() < 1e-5, run.StandardOutput);
        Assert.True(c.GetProperty("followupMaxDifference").GetDouble() < 1e-5, run.StandardOutput);
        Assert.Equal([0, 1], c.GetProperty("brainValues").EnumerateArray().Select(e => e.GetInt32()));
        // The mask fraction keeps the hematoma's volume (trilinear resampling preserves it to within a few per cent).
        Assert.Equal(baselineMl, c.GetProperty("maskChannelMl").GetDouble(), baselineMl * 0.05);
    }

    private static double[][] Matrix(JsonElement rows) => [.. rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    [Fact]
    public async Task A_case_with_an_empty_baseline_mask_is_skipped_with_a_message()
    {
        string data = cases.Copy(_root);
        await EmptyMaskAsync(Path.Combine(data, "case-0002", "baseline.mask.nii.gz"));

        var (code, output, error) = await RunAsync("prepare", "--data", data, "--out", Out("prepared"));

        Assert.True(code == 0, error);
        Assert.Contains("case-0002: skipped, the baseline mask is empty", output, StringComparison.Ordinal);
        Assert.Contains("prepared 1 of 2 cases", output, StringComparison.Ordinal);
        Assert.Contains("1 skipped", output, StringComparison.Ordinal);
        Assert.Equal(["case-0001", "preprocessing.json"], Directory.GetFileSystemEntries(Out("prepared")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_prepared_folder_takes_more_cases_with_the_same_settings_only()
    {
        string data = cases.Copy(_root);
        Directory.Delete(Path.Combine(data, "case-0001"), recursive: true);
        await EmptyMaskAsync(Path.Combine(data, "case-0002", "baseline.mask.nii.gz"));
        var (code, _, error) = await RunAsync("prepare", "--data", data, "--out", Out("prepared"));
        Assert.True(code == 0, error);
        string manifest = await File.ReadAllTextAsync(Path.Combine(Out("prepared"), "preprocessing.json"), TestContext.Current.CancellationToken);

        (code, _, error) = await RunAsync("prepare", "--data", data, "--out", Out("prepared"));
        Assert.True(code == 0, error);
        await AssertRefusedAsync(["--data", data, "--out", Out("prepared"), "--spacing", "2"], "the output folder already holds a preprocessing.json with other settings");
        Assert.Equal(manifest, await File.ReadAllTextAsync(Path.Combine(Out("prepared"), "preprocessing.json"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Missing_folders_and_files_and_bad_options_exit_2_before_anything_is_written()
    {
        string data = cases.Copy(_root);
        File.Delete(Path.Combine(data, "case-0002", "baseline.mask.nii.gz"));
        await AssertRefusedAsync(["--data", Out("none"), "--out", Out("a")], "the --data folder does not exist");
        await AssertRefusedAsync(["--data", _root, "--out", Out("a")], "the --data folder holds no case-NNNN folders");
        await AssertRefusedAsync(["--data", data, "--out", Out("a")], "case-0002 has no baseline.mask.nii.gz; nothing was written");
        await AssertRefusedAsync(["--data", cases.Data, "--out", Out("a"), "--spacing", "0"], "--spacing must be a positive number of millimetres");
        await AssertRefusedAsync(["--data", cases.Data, "--out", Out("a"), "--margin", "-1"], "--margin must be a number of millimetres, 0 or more");
        Assert.False(Path.Exists(Out("a")));

        Directory.CreateDirectory(Path.Combine(Out("b"), "case-0001"));
        await AssertRefusedAsync(["--data", cases.Data, "--out", Out("b")], "case-0001 already exists in --out");
        Assert.Equal(["case-0001"], Directory.GetFileSystemEntries(Out("b")).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Out("b"), "case-0001")));
    }

    [Fact]
    public async Task An_unreadable_or_misplaced_file_exits_2_naming_the_case_and_leaves_no_partial_case()
    {
        string data = cases.Copy(_root);
        await File.WriteAllBytesAsync(Path.Combine(data, "case-0002", "baseline.mask.nii.gz"), [0x1f, 0x8b, 8, 0, 1, 2, 3], TestContext.Current.CancellationToken);
        await AssertRefusedAsync(["--data", data, "--out", Out("corrupt")], "case-0002: baseline.mask.nii.gz cannot be read");
        AssertOnlyCompleteCases(Out("corrupt"));

        data = cases.Copy(_root);
        var other = new Hem.Dicom.Series.VolumeGeometry(new(10, 10, 10), new(1, 1, 1), new(0, 0, 0), new(1, 0, 0), new(0, 1, 0), new(0, 0, 1));
        await NiftiWriter.WriteAsync(Path.Combine(data, "case-0001", "followup.mask.nii.gz"), other, new byte[1000], "elsewhere", TestContext.Current.CancellationToken);
        await AssertRefusedAsync(["--data", data, "--out", Out("grid")], "case-0001: the follow-up mask is not on the baseline CT's grid");
        AssertOnlyCompleteCases(Out("grid"));
        Assert.False(Path.Exists(Path.Combine(Out("grid"), "case-0001")));
    }

    private static void AssertOnlyCompleteCases(string folder)
    {
        Assert.DoesNotContain(Directory.GetFileSystemEntries(folder), e => Path.GetFileName(e).StartsWith('.'));
        foreach (string c in Directory.GetDirectories(folder))
        {
            Assert.Equal(6, Directory.GetFiles(c).Length);
        }
    }

    private static async Task AssertRefusedAsync(string[] arguments, string message) =>
        Assert.DoesNotContain("prepared ", await RefusedAsync("prepare", message, arguments), StringComparison.Ordinal);

    internal static async Task EmptyMaskAsync(string path)
    {
        var image = await NiftiReader.ReadAsync(path, cancellationToken: TestContext.Current.CancellationToken);
        await NiftiWriter.WriteAsync(path, image.Geometry, new byte[image.Size.VoxelCount], "empty", TestContext.Current.CancellationToken);
    }
}
