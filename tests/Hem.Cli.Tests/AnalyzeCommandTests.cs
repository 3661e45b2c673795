using System.Text.Json;
using Hem.Dicom.Tests.Validation;
using Hem.Testing;
using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// <c>hem analyze</c> end to end on synthetic studies written by <c>hem synth</c> (DICOM and NIfTI), on the real
/// phantom series, and on studies it must reject, with the shipped model. Outputs are checked against nibabel and
/// against the generator's truth.
/// </summary>
public sealed class AnalyzeCommandTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-analyze-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Synth => Path.Combine(_root, "synth");

    public async ValueTask InitializeAsync()
    {
        var (code, _, error) = await RunAsync("synth", "--out", Synth, "--cases", "2", "--seed", "7", "--format", "dicom,nifti");
        Assert.True(code == 0, error);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_synthetic_dicom_study_gives_consistent_outputs_close_to_the_truth()
    {
        string output = Path.Combine(_root, "out");

        var (code, stdout, stderr) = await RunAsync("analyze", Path.Combine(Synth, "case-0001", "baseline"), "--out", output, "--json");

        Assert.True(code == 0, stderr);
        Assert.Empty(stderr);
        using var result = JsonDocument.Parse(stdout);
        Assert.True(result.RootElement.GetProperty("accepted").GetBoolean());
        foreach (string file in new[] { "ct.nii.gz", "baseline.mask.nii.gz", "prediction.mask.nii.gz", "volumes.json", "provenance.json", "report.html", "report.pdf", "prediction.seg.dcm" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "deidentified")));
        await AssertMatchesSchemaAsync(Path.Combine(output, "volumes.json"));
        var volumes = await ReadJsonAsync(Path.Combine(output, "volumes.json"));
        var nifti = await ReadWithNibabelAsync(output);
        // volumes.json says what the NIfTI masks hold, read independently.
        Assert.True(nifti.GetProperty("baselineSameGrid").GetBoolean());
        Assert.True(nifti.GetProperty("predictionSameGrid").GetBoolean());
        Assert.Equal(nifti.GetProperty("baselineMl").GetDouble(), volumes.GetProperty("baselineVolumeMl").GetDouble(), 0.01);
        Assert.Equal(nifti.GetProperty("predictionMl").GetDouble(), volumes.GetProperty("predictedFollowupVolumeMl").GetDouble(), 0.01);
        Assert.Equal(
            volumes.GetProperty("predictedFollowupVolumeMl").GetDouble() - volumes.GetProperty("baselineVolumeMl").GetDouble(),
            volumes.GetProperty("predictedGrowthMl").GetDouble(),
            0.011);
        // Against the generator's truth: the segmenter's measured accuracy (Dice >= 0.9, volume within 15 %) and the
        // model's (mean absolute follow-up error 3.3 mL on the held-out set; a single case gets three times that).
        var truth = await ReadJsonAsync(Path.Combine(Synth, "case-0001", "case.json"));
        double baselineTruth = truth.GetProperty("baselineVolumeMl").GetDouble();
        double followupTruth = truth.GetProperty("followupVolumeMl").GetDouble();
        Assert.InRange(volumes.GetProperty("baselineVolumeMl").GetDouble(), baselineTruth * 0.85, baselineTruth * 1.15);
        Assert.InRange(volumes.GetProperty("predictedFollowupVolumeMl").GetDouble(), followupTruth - 10, followupTruth + 10);
        Assert.Equal("hem-expansion", volumes.GetProperty("model").GetProperty("name").GetString());
        var abc = volumes.GetProperty("abcOver2Ml").GetDouble();
        Assert.InRange(abc, baselineTruth * 0.5, baselineTruth * 2);
        // Provenance names every step and hashes, never the input's name.
        var provenance = await ReadJsonAsync(Path.Combine(output, "provenance.json"));
        Assert.Equal(["validate", "deidentify", "volume", "brain", "segment", "predict", "write", "seg", "report"], provenance.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()));
        Assert.Matches("^[0-9a-f]{64}$", provenance.GetProperty("inputSha256").GetString()!);
        Assert.DoesNotContain("case-0001", await File.ReadAllTextAsync(Path.Combine(output, "provenance.json"), Token), StringComparison.Ordinal);
        // The report shows the numbers volumes.json holds, as text a PDF reader extracts.
        string report = await PdfTextAsync(Path.Combine(output, "report.pdf"));
        Assert.Contains(volumes.GetProperty("baselineVolumeMl").GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " mL", report, StringComparison.Ordinal);
        Assert.Contains(volumes.GetProperty("predictedFollowupVolumeMl").GetDouble().ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " mL", report, StringComparison.Ordinal);
        Assert.Contains("synthetic", report, StringComparison.Ordinal);
        await AssertSegmentationMatchesNiftiAsync(output);
    }

    [Fact]
    public async Task The_deidentified_series_it_writes_is_clean_by_hem_dicom_audit()
    {
        string output = Path.Combine(_root, "out");
        var (code, _, stderr) = await RunAsync("analyze", Path.Combine(Synth, "case-0002", "baseline"), "--out", output);
        Assert.True(code == 0, stderr);

        var (auditCode, auditOut, auditError) = await RunAsync("dicom", "audit", Path.Combine(output, "deidentified"));

        Assert.True(auditCode == 0, auditOut + auditError);
    }

    [Fact]
    public async Task A_nifti_volume_with_its_mask_beside_it_uses_that_mask()
    {
        string input = Path.Combine(_root, "nifti");
        Directory.CreateDirectory(input);
        File.Copy(Path.Combine(Synth, "case-0001", "baseline.ct.nii.gz"), Path.Combine(input, "study.nii.gz"));
        File.Copy(Path.Combine(Synth, "case-0001", "baseline.mask.nii.gz"), Path.Combine(input, "study.mask.nii.gz"));
        string output = Path.Combine(_root, "out");

        var (code, stdout, stderr) = await RunAsync("analyze", Path.Combine(input, "study.nii.gz"), "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Contains("hematoma expansion predicted: ", stdout, StringComparison.Ordinal);
        Assert.Contains("hem analyze: predict done in ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hem analyze: segment", stderr, StringComparison.Ordinal);
        var volumes = await ReadJsonAsync(Path.Combine(output, "volumes.json"));
        var truth = await ReadJsonAsync(Path.Combine(Synth, "case-0001", "case.json"));
        var given = await Nibabel.ReadAsync(Path.Combine(input, "study.mask.nii.gz"), withValues: true, Token);
        double voxelMl = given.GetProperty("pixdim").EnumerateArray().Skip(1).Take(3).Aggregate(1.0, (a, v) => a * v.GetDouble()) / 1000;
        double givenMl = given.GetProperty("values").EnumerateArray().Count(v => v.GetDouble() > 0) * voxelMl;
        Assert.Equal(givenMl, volumes.GetProperty("baselineVolumeMl").GetDouble(), 0.01);
        Assert.Equal(truth.GetProperty("baselineVolumeMl").GetDouble(), givenMl, 0.5);
        Assert.False(Directory.Exists(Path.Combine(output, "deidentified")));
    }

    [Fact]
    public async Task The_hemorrhage_free_phantom_gives_no_hematoma_and_says_so()
    {
        string output = Path.Combine(_root, "out");

        var (code, stdout, stderr) = await RunAsync("analyze", Fixture("ct_series/philips_ingenuity_brain_5mm"), "--out", output, "--json");

        Assert.True(code == 0, stderr);
        await AssertMatchesSchemaAsync(Path.Combine(output, "volumes.json"));
        await AssertSegmentationMatchesNiftiAsync(output);
        using var result = JsonDocument.Parse(stdout);
        var volumes = result.RootElement.GetProperty("volumes");
        // A phantom: no blood to find, so nothing is segmented and nothing predicted.
        Assert.Equal(0, volumes.GetProperty("baselineVolumeMl").GetDouble());
        Assert.Equal(0, volumes.GetProperty("predictedFollowupVolumeMl").GetDouble());
        Assert.False(volumes.GetProperty("hematomaExpansionPredicted").GetBoolean());
        Assert.Contains(volumes.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("no intracerebral hematoma was found", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, volumes.GetProperty("predictedGrowthPercent").ValueKind);
        Assert.Equal(JsonValueKind.Null, volumes.GetProperty("abcOver2Ml").ValueKind);
        Assert.Contains("No intracerebral hematoma was found", await PdfTextAsync(Path.Combine(output, "report.pdf")), StringComparison.Ordinal);
        Assert.Contains("No intracerebral hematoma was found", await File.ReadAllTextAsync(Path.Combine(output, "report.html"), Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_study_exits_3_with_its_code_and_leaves_nothing()
    {
        string mr = await new SyntheticSeries { Modality = "MR" }.WriteAsync(Path.Combine(_root, "mr"), Token);
        string output = Path.Combine(_root, "out");

        var (code, stdout, stderr) = await RunAsync("analyze", mr, "--out", output, "--json");

        Assert.Equal(3, code);
        using var result = JsonDocument.Parse(stdout);
        Assert.False(result.RootElement.GetProperty("accepted").GetBoolean());
        Assert.Equal("no-ct", result.RootElement.GetProperty("code").GetString());
        Assert.StartsWith("hem analyze: rejected (no-ct): ", stderr, StringComparison.Ordinal);
        Assert.False(Path.Exists(output));
        Assert.Empty(Directory.GetDirectories(_root, ".out*"));
    }

    [Fact]
    public async Task An_output_folder_with_files_in_it_is_refused_and_left_alone()
    {
        string output = Path.Combine(_root, "out");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "keep.txt"), "mine", Token);

        await RefusedAsync("analyze", "the output folder exists and is not empty", Path.Combine(Synth, "case-0001", "baseline"), "--out", output);

        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(output).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_missing_input_is_refused()
    {
        await RefusedAsync("analyze", "the input does not exist", Path.Combine(_root, "nothing"), "--out", Path.Combine(_root, "out"));

        Assert.False(Path.Exists(Path.Combine(_root, "out")));
    }

    private static async Task<JsonElement> ReadJsonAsync(string path)
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(path, Token));
        return document.RootElement.Clone();
    }

    /// <summary>volumes.json against schemas/volumes.schema.json, checked by Python's jsonschema.</summary>
    private static async Task AssertMatchesSchemaAsync(string file)
    {
        string schema = Path.Combine(RepositoryPaths.Root, "schemas", "volumes.schema.json");
        var result = await JsonSchemaCheck.ValidateAsync(schema, file, Token);
        Assert.True(result.ExitCode == 0, result.StandardError);
    }

    /// <summary>
    /// The SEG is valid by dciodvfy, and pydicom reads frames that equal the NIfTI masks voxel for voxel, refer to
    /// the de-identified series and leave no non-empty slice out.
    /// </summary>
    private static async Task AssertSegmentationMatchesNiftiAsync(string output)
    {
        string seg = Path.Combine(output, "prediction.seg.dcm");
        string dciodvfy = ExternalTool.Require("dciodvfy", "apt-get install dicom3tools");
        var verify = await ExternalTool.RunAsync(dciodvfy, [seg], TimeSpan.FromMinutes(1), Token);
        Assert.DoesNotContain("Error", verify.StandardOutput + verify.StandardError, StringComparison.Ordinal);
        string python = ExternalTool.RequirePython("pydicom", "nibabel", "numpy");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Cli.Tests", "Scripts", "seg_matches_nifti.py");
        var read = await ExternalTool.RunAsync(python, [script, output], TimeSpan.FromMinutes(2), Token);
        Assert.True(read.ExitCode == 0, read.StandardError);
        using var document = JsonDocument.Parse(read.StandardOutput);
        var result = document.RootElement;
        Assert.True(result.GetProperty("frames").GetInt32() > 0);
        Assert.Equal(0, result.GetProperty("mismatches").GetInt64());
        Assert.Equal(0, result.GetProperty("missing").GetArrayLength());
        Assert.Equal(["Baseline hematoma", "Predicted follow-up hematoma"], result.GetProperty("labels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.66.4", result.GetProperty("sopClass").GetString());
        string referenced = result.GetProperty("referencedSeries").GetString()!;
        string firstSlice = Directory.GetFiles(Path.Combine(output, "deidentified"))[0];
        var series = await ExternalTool.RunAsync(python, ["-c", "import sys, pydicom; print(pydicom.dcmread(sys.argv[1], stop_before_pixels=True).SeriesInstanceUID)", firstSlice], TimeSpan.FromMinutes(1), Token);
        Assert.Equal(referenced, series.StandardOutput.Trim());
    }

    private static async Task<string> PdfTextAsync(string pdf)
    {
        string pdftotext = ExternalTool.Require("pdftotext", "apt-get install poppler-utils");
        var result = await ExternalTool.RunAsync(pdftotext, [pdf, "-"], TimeSpan.FromMinutes(1), Token);
        Assert.True(result.ExitCode == 0, result.StandardError);
        return result.StandardOutput;
    }

    private static async Task<JsonElement> ReadWithNibabelAsync(string output)
    {
        string python = ExternalTool.RequirePython("nibabel", "numpy");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Cli.Tests", "Scripts", "analysis_volumes.py");
        var result = await ExternalTool.RunAsync(python, [script, output], TimeSpan.FromMinutes(2), Token);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }
}
