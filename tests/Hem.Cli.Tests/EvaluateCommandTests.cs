using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Imaging.Nifti;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// <c>hem evaluate</c> on small cases written here. Voxels are 10 mm cubes (1 mL each) in a row of ten, so every
/// voxel is surface and every metric can be worked out by hand; masks are runs x = 0..n-1.
/// </summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-evaluate-").FullName;

    private string Truth => Path.Combine(_root, "truth");

    private string Predictions => Path.Combine(_root, "pred");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static VolumeGeometry Row(double spacing = 10) =>
        new(new GridSize(10, 1, 1), new Vector3D(spacing, spacing, spacing), new Vector3D(-40, 5, 12), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));

    private static async Task WriteRunAsync(string path, int length, VolumeGeometry? geometry = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] mask = [.. Enumerable.Range(0, 10).Select(x => (byte)(x < length ? 1 : 0))];
        await NiftiWriter.WriteAsync(path, geometry ?? Row(), mask, "mask", TestContext.Current.CancellationToken);
    }

    private async Task WriteCaseAsync(string name, int baseline, int followup, int? prediction)
    {
        await WriteRunAsync(Path.Combine(Truth, name, "baseline.mask.nii.gz"), baseline);
        await WriteRunAsync(Path.Combine(Truth, name, "followup.mask.nii.gz"), followup);
        if (prediction is { } p)
        {
            await WriteRunAsync(Path.Combine(Predictions, name, "prediction.mask.nii.gz"), p);
        }
    }

    private async Task WriteStandardCasesAsync()
    {
        await WriteCaseAsync("case-0001", baseline: 2, followup: 10, prediction: 9);
        await WriteCaseAsync("case-0002", baseline: 5, followup: 6, prediction: 5);
        await WriteCaseAsync("case-0003", baseline: 3, followup: 3, prediction: 4);
        await WriteCaseAsync("case-0004", baseline: 1, followup: 8, prediction: null);
        await WriteRunAsync(Path.Combine(Predictions, "case-0099", "prediction.mask.nii.gz"), 1);
        Directory.CreateDirectory(Path.Combine(Truth, "notes"));
    }

    [Fact]
    public async Task Json_gives_hand_computed_metrics_per_case_and_overall()
    {
        await WriteStandardCasesAsync();

        var (code, output, error) = await RunAsync("evaluate", "--truth", Truth, "--pred", Predictions, "--json");

        Assert.True(code == 0, error);
        using var document = JsonDocument.Parse(output);
        var cases = document.RootElement.GetProperty("cases");
        Assert.Equal(["case-0001", "case-0002", "case-0003", "case-0004"], cases.EnumerateArray().Select(c => c.GetProperty("case").GetString()));

        // Case 1: B 2, F 10, P 9 (inside F). Growth F\B = 8 voxels, P\B = 7 inside it. HD95: 18 zeros and one 10 mm
        // (F's last voxel to P), 95th percentile at 17.1 of 18: 1 mm.
        AssertCase(cases[0], 2, 10, 9, dice: 18.0 / 19, doc: 14.0 / 15, aev: -1, hd95: 1, rvd: -0.1, trueHe: true, predictedHe: true);
        // Case 2: B 5, F 6 (+20 %, no HE), P 5 predicts no growth: DOC 0. HD95: ten zeros and a 10, at 9.5 of 10: 5 mm.
        AssertCase(cases[1], 5, 6, 5, dice: 10.0 / 11, doc: 0, aev: -1, hd95: 5, rvd: -1.0 / 6, trueHe: false, predictedHe: false);
        // Case 3: no growth, P grows by 1 mL = 33 % of 3: a false HE. HD95: six zeros and a 10, at 5.7 of 6: 7 mm.
        AssertCase(cases[2], 3, 3, 4, dice: 6.0 / 7, doc: 0, aev: 1, hd95: 7, rvd: 1.0 / 3, trueHe: false, predictedHe: true);

        var missing = cases[3];
        Assert.Equal("prediction missing", missing.GetProperty("problem").GetString());
        Assert.Equal(1, missing.GetProperty("baselineMl").GetDouble(), 5);
        Assert.Equal(8, missing.GetProperty("followupMl").GetDouble(), 5);
        Assert.True(missing.GetProperty("trueHE").GetBoolean());
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("dice").ValueKind);
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("predictedHE").ValueKind);

        var overall = document.RootElement.GetProperty("overall");
        Assert.Equal(4, overall.GetProperty("cases").GetInt32());
        Assert.Equal(3, overall.GetProperty("scored").GetInt32());
        Assert.Equal(1, overall.GetProperty("missingPredictions").GetInt32());
        Assert.Equal(((18.0 / 19) + (10.0 / 11) + (6.0 / 7)) / 3, overall.GetProperty("meanDice").GetDouble(), 6);
        Assert.Equal(14.0 / 15 / 3, overall.GetProperty("meanDoc").GetDouble(), 6);
        Assert.Equal(-1.0 / 3, overall.GetProperty("meanAevMl").GetDouble(), 5);
        Assert.Equal(1, overall.GetProperty("meanAaevMl").GetDouble(), 5);
        Assert.Equal(13.0 / 3, overall.GetProperty("meanHd95Mm").GetDouble(), 4);
        var he = overall.GetProperty("he");
        Assert.Equal(1, he.GetProperty("positives").GetInt32());
        Assert.Equal(2, he.GetProperty("negatives").GetInt32());
        Assert.Equal(1, he.GetProperty("sensitivity").GetDouble());
        Assert.Equal(0.5, he.GetProperty("specificity").GetDouble());
        // Predicted growth 7 mL for the one true HE, 0 and 1 mL for the others.
        Assert.Equal(1, he.GetProperty("auc").GetDouble());
        Assert.Equal(["case-0099"], document.RootElement.GetProperty("predictionsWithoutTruth").EnumerateArray().Select(e => e.GetString()));
    }

    private static void AssertCase(JsonElement c, double baseline, double followup, double predicted, double dice, double doc, double aev, double hd95, double rvd, bool trueHe, bool predictedHe)
    {
        Assert.Equal(JsonValueKind.Null, c.GetProperty("problem").ValueKind);
        Assert.Equal(baseline, c.GetProperty("baselineMl").GetDouble(), 5);
        Assert.Equal(followup, c.GetProperty("followupMl").GetDouble(), 5);
        Assert.Equal(predicted, c.GetProperty("predictedMl").GetDouble(), 5);
        Assert.Equal(dice, c.GetProperty("dice").GetDouble(), 9);
        Assert.Equal(doc, c.GetProperty("doc").GetDouble(), 9);
        Assert.Equal(aev, c.GetProperty("aevMl").GetDouble(), 5);
        Assert.Equal(Math.Abs(aev), c.GetProperty("aaevMl").GetDouble(), 5);
        Assert.Equal(hd95, c.GetProperty("hd95Mm").GetDouble(), 4);
        Assert.Equal(rvd, c.GetProperty("relativeVolumeDifference").GetDouble(), 5);
        Assert.Equal(trueHe, c.GetProperty("trueHE").GetBoolean());
        Assert.Equal(predictedHe, c.GetProperty("predictedHE").GetBoolean());
    }

    [Fact]
    public async Task Text_lists_each_case_and_the_summary()
    {
        await WriteStandardCasesAsync();

        var (code, output, _) = await RunAsync("evaluate", "--truth", Truth, "--pred", Predictions);

        Assert.Equal(0, code);
        var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("case ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("case-0001", lines[1], StringComparison.Ordinal);
        Assert.Contains("0.947", lines[1], StringComparison.Ordinal);
        Assert.Contains("prediction missing", lines[4], StringComparison.Ordinal);
        Assert.Contains("cases: 4, scored 3, without a usable prediction 1", output, StringComparison.Ordinal);
        Assert.Contains("sensitivity 1.000 (1/1), specificity 0.500 (1/2), AUC 1.000", output, StringComparison.Ordinal);
        Assert.Contains("case-0099", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Masks_on_different_grids_are_refused_with_exit_2()
    {
        await WriteCaseAsync("case-0001", baseline: 2, followup: 3, prediction: null);
        await WriteRunAsync(Path.Combine(Predictions, "case-0001", "prediction.mask.nii.gz"), 3, Row(spacing: 5));

        var (code, output, error) = await RunAsync("evaluate", "--truth", Truth, "--pred", Predictions);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.StartsWith("hem evaluate: case-0001: prediction.mask.nii.gz is not on the baseline mask's grid", error, StringComparison.Ordinal);
        Assert.Single(error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_unreadable_prediction_is_that_cases_problem()
    {
        await WriteCaseAsync("case-0001", baseline: 2, followup: 3, prediction: 3);
        await WriteCaseAsync("case-0002", baseline: 2, followup: 3, prediction: null);
        Directory.CreateDirectory(Path.Combine(Predictions, "case-0002"));
        await File.WriteAllTextAsync(Path.Combine(Predictions, "case-0002", "prediction.mask.nii.gz"), "not nifti", TestContext.Current.CancellationToken);

        var (code, output, _) = await RunAsync("evaluate", "--truth", Truth, "--pred", Predictions, "--json");

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        Assert.StartsWith("prediction unreadable: the file ends after 9 bytes", document.RootElement.GetProperty("cases")[1].GetProperty("problem").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, document.RootElement.GetProperty("overall").GetProperty("scored").GetInt32());
    }

    [Theory]
    [InlineData("no-truth")]
    [InlineData("no-cases")]
    [InlineData("no-followup")]
    [InlineData("no-pred-folder")]
    public async Task Unusable_folders_exit_2_with_one_line(string problem)
    {
        Directory.CreateDirectory(Truth);
        Directory.CreateDirectory(Predictions);
        string expected;
        switch (problem)
        {
            case "no-truth":
                Directory.Delete(Truth);
                expected = "the truth folder does not exist";
                break;
            case "no-cases":
                expected = "the truth folder holds no case-NNNN folders";
                break;
            case "no-followup":
                await WriteRunAsync(Path.Combine(Truth, "case-0001", "baseline.mask.nii.gz"), 2);
                expected = "case-0001: the truth has no followup.mask.nii.gz";
                break;
            default:
                await WriteCaseAsync("case-0001", 1, 1, null);
                Directory.Delete(Predictions);
                expected = "the prediction folder does not exist";
                break;
        }

        var (code, _, error) = await RunAsync("evaluate", "--truth", Truth, "--pred", Predictions);

        Assert.Equal(2, code);
        Assert.Equal($"hem evaluate: {expected}{Environment.NewLine}", error);
    }
}
