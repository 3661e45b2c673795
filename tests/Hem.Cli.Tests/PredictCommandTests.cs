using System.Text.Json;
using System.Text.Json.Nodes;
using Hem.Cli.Commands;
using Hem.Testing;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// <c>hem predict</c> end to end with the test model that dilates the baseline mask by one model voxel
/// (tests/Hem.Prediction.Tests/Models), read back by nibabel and scored by <c>hem evaluate</c>; bad input and bad
/// models write nothing.
/// </summary>
[Collection(PairedCasesDefinition.Name)]
public sealed class PredictCommandTests(PairedCasesFixture cases) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-predict-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Models => Path.Combine(RepositoryPaths.Root, "tests", "Hem.Prediction.Tests", "Models");

    private static string Dilate => Path.Combine(Models, "dilate");

    private string Out(string name) => Path.Combine(_root, name);

    [Fact]
    public async Task Writes_predictions_on_the_baseline_grid_that_hem_evaluate_scores()
    {
        var ct = TestContext.Current.CancellationToken;
        var (code, output, error) = await RunAsync("predict", "--data", cases.Data, "--model", Dilate, "--out", Out("pred"), "--probability");

        Assert.True(code == 0, error);
        Assert.Equal(string.Empty, error);
        Assert.Matches(@"case 1/2 case-0001: baseline \d+\.\d mL -> predicted \d+\.\d mL \(model grid \d+ x \d+ x \d+, \d+ windows\), \d+\.\d s", output);
        Assert.Contains("case 2/2 case-0002: ", output, StringComparison.Ordinal);
        Assert.Contains("predicted 2 cases with test-dilate 1.0.0 into ", output, StringComparison.Ordinal);
        foreach (string name in new[] { "case-0001", "case-0002" })
        {
            string folder = Path.Combine(Out("pred"), name);
            Assert.Equal(["prediction.mask.nii.gz", "prediction.probability.nii.gz"], Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            var truth = await Nibabel.ReadAsync(Path.Combine(cases.Data, name, "baseline.mask.nii.gz"), withValues: false, ct);
            var mask = await Nibabel.ReadAsync(Path.Combine(folder, "prediction.mask.nii.gz"), withValues: false, ct);
            Assert.Equal("uint8", mask.GetProperty("dtype").GetString());
            Assert.Equal(truth.GetProperty("shape").ToString(), mask.GetProperty("shape").ToString());
            AssertSameMatrix(truth.GetProperty("sform"), mask.GetProperty("sform"));
            var probability = await Nibabel.ReadAsync(Path.Combine(folder, "prediction.probability.nii.gz"), withValues: false, ct);
            Assert.Equal("float32", probability.GetProperty("dtype").GetString());
            Assert.All(probability.GetProperty("pixdim").EnumerateArray().Skip(1).Take(3), v => Assert.Equal(1.5, v.GetDouble(), 1e-6));
        }

        (code, output, error) = await RunAsync("evaluate", "--truth", cases.Data, "--pred", Out("pred"), "--json");
        Assert.True(code == 0, error);
        using var scores = JsonDocument.Parse(output);
        foreach (var c in scores.RootElement.GetProperty("cases").EnumerateArray())
        {
            Assert.Equal(JsonValueKind.Null, c.GetProperty("problem").ValueKind);
            // The dilation keeps the baseline hematoma and adds a shell of about one 1.5 mm voxel.
            double baseline = c.GetProperty("baselineMl").GetDouble();
            Assert.InRange(c.GetProperty("predictedMl").GetDouble(), baseline * 1.1, baseline * 2.5);
        }
    }

    [Fact]
    public async Task Without_probability_only_the_mask_is_written_and_an_empty_baseline_predicts_an_empty_mask()
    {
        string data = cases.Copy(_root);
        await PrepareCommandTests.EmptyMaskAsync(Path.Combine(data, "case-0002", "baseline.mask.nii.gz"));

        var (code, output, error) = await RunAsync("predict", "--data", data, "--model", Dilate, "--out", Out("pred"));

        Assert.True(code == 0, error);
        Assert.Contains("case-0002: the baseline mask is empty, so the prediction is empty", output, StringComparison.Ordinal);
        Assert.Equal(["prediction.mask.nii.gz"], Directory.GetFiles(Path.Combine(Out("pred"), "case-0001")).Select(Path.GetFileName));
        var empty = await Nibabel.ReadAsync(Path.Combine(Out("pred"), "case-0002", "prediction.mask.nii.gz"), withValues: false, TestContext.Current.CancellationToken);
        var zeros = await Nibabel.ReadAsync(Path.Combine(data, "case-0002", "baseline.mask.nii.gz"), withValues: false, TestContext.Current.CancellationToken);
        Assert.Equal(zeros.GetProperty("sha256").GetString(), empty.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task An_unusable_model_exits_2_naming_the_problem_and_writes_nothing()
    {
        string corrupt = Directory.CreateDirectory(Out("corrupt-model")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(corrupt, "model.onnx"), [1, 2, 3, 4, 5, 6, 7, 8], TestContext.Current.CancellationToken);
        await WriteCardAsync(corrupt, card => card.Remove("onnxSha256"));
        await AssertRefusedAsync(["--data", cases.Data, "--model", corrupt, "--out", Out("a")], "the model cannot be used: model.onnx cannot be loaded by ONNX Runtime");

        string mismatch = Directory.CreateDirectory(Out("mismatch")).FullName;
        File.Copy(Path.Combine(Dilate, "model.onnx"), Path.Combine(mismatch, "model.onnx"));
        await WriteCardAsync(mismatch, card => card["inputs"]![0]!["name"] = "ct_and_mask");
        await AssertRefusedAsync(["--data", cases.Data, "--model", mismatch, "--out", Out("a")], "model.json: inputs[0].name is 'ct_and_mask', but model.onnx has no input of that name");

        string changed = Directory.CreateDirectory(Out("changed")).FullName;
        File.Copy(Path.Combine(Models, "variants", "patch-24.onnx"), Path.Combine(changed, "model.onnx"));
        await WriteCardAsync(changed, _ => { });
        await AssertRefusedAsync(["--data", cases.Data, "--model", changed, "--out", Out("a")], "model.onnx's SHA-256 is");

        await AssertRefusedAsync(["--data", cases.Data, "--model", Out("no-model"), "--out", Out("a")], "the model cannot be used: the model folder does not exist");
        Assert.False(Path.Exists(Out("a")));
    }

    [Fact]
    public async Task Missing_data_exits_2_before_the_model_is_loaded()
    {
        string data = cases.Copy(_root);
        File.Delete(Path.Combine(data, "case-0001", "baseline.mask.nii.gz"));
        await AssertRefusedAsync(["--data", data, "--model", Out("no-model"), "--out", Out("a")], "case-0001 has no baseline.mask.nii.gz; nothing was written");
        await AssertRefusedAsync(["--data", Out("none"), "--model", Dilate, "--out", Out("a")], "the --data folder does not exist");
        Assert.False(Path.Exists(Out("a")));
    }

    [Fact]
    public void The_default_model_folder_is_found_beside_the_executable_or_at_the_repository_root()
    {
        string exe = Directory.CreateDirectory(Path.Combine(_root, "tool")).FullName;
        string repo = Directory.CreateDirectory(Path.Combine(_root, "repo", "functions", "bin")).FullName;
        string repoRoot = Path.Combine(_root, "repo");
        File.WriteAllText(Path.Combine(repoRoot, "HemFunctions.sln"), string.Empty);
        Assert.Null(ModelFolderLocator.Find([exe, repo]));

        string inRepo = Directory.CreateDirectory(Path.Combine(repoRoot, "models", "hem-expansion")).FullName;
        Assert.Equal(inRepo, ModelFolderLocator.Find([exe, repo]));
        string beside = Directory.CreateDirectory(Path.Combine(exe, "models", "hem-expansion")).FullName;
        Assert.Equal(beside, ModelFolderLocator.Find([exe, repo]));
    }

    private static async Task WriteCardAsync(string folder, Action<JsonObject> edit)
    {
        var card = (JsonObject)JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Dilate, "model.json"), TestContext.Current.CancellationToken))!;
        edit(card);
        await File.WriteAllTextAsync(Path.Combine(folder, "model.json"), card.ToJsonString(), TestContext.Current.CancellationToken);
    }

    private static async Task AssertRefusedAsync(string[] arguments, string message) =>
        Assert.Equal(string.Empty, await RefusedAsync("predict", message, arguments));

    private static void AssertSameMatrix(JsonElement expected, JsonElement actual)
    {
        var e = expected.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetDouble()).ToList();
        var a = actual.EnumerateArray().SelectMany(r => r.EnumerateArray()).Select(v => v.GetDouble()).ToList();
        Assert.Equal(e.Count, a.Count);
        for (int i = 0; i < e.Count; i++)
        {
            Assert.Equal(e[i], a[i], 1e-5);
        }
    }
}
