using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Imaging.Nifti;
using Hem.Imaging.Synthetic;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

/// <summary>
/// <c>hem ceiling</c> on case.json files written here, with growth distributions worked out by hand: a 10 mL
/// non-expander (no growth 37 % of the time, best predicted growth about 1.33 mL with an expected DOC of 0.386, from
/// the closed-form integral in GrowthOutlookTests) and a certain expander of 30 mL (growth at least 6.9 mL).
/// </summary>
public sealed class CeilingCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-ceiling-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static CaseDescription Case(int number, double baselineMl, double growthMl, double heProbability, string version = SyntheticGenerator.Version) => new()
    {
        Generator = SyntheticGenerator.Name,
        GeneratorVersion = version,
        RunSeed = 5,
        CaseNumber = number,
        Seed = 1000 + number,
        Grid = new GridDescription([512, 512, 30], [0.48828125, 0.48828125, 5], [-124.8, -124.8, -58.5], "5mm"),
        BaselineVolumeMl = baselineMl,
        FollowupVolumeMl = baselineMl + growthMl,
        GrowthMl = growthMl,
        GrowthPercent = 100 * growthMl / baselineMl,
        He = GrowthModel.IsExpansion(baselineMl, baselineMl + growthMl),
        HeDefinition = "follow-up minus baseline at least 6 mL, or at least 33 % of the baseline volume",
        BaselineVoxels = 1,
        FollowupVoxels = 1,
        VoxelVolumeMl = 0.0012,
        Location = "lobar",
        Side = "left",
        Lobe = "frontal",
        Signs = new SignsDescription(false, false, false, false, false, false, false),
        FollowupSigns = new FollowUpSignsDescription(false, false),
        HeProbability = heProbability,
        ExpansionDrawn = heProbability > 0.5,
        FollowupIntervalHours = 24,
        NoiseSigmaHu = 4,
        PsfFwhmMm = 0.7,
        Atrophy = 0.1,
        Files = ["case.json"],
    };

    private string WriteSet(params CaseDescription[] cases)
    {
        string set = Path.Combine(_root, "set");
        foreach (var c in cases)
        {
            string folder = Directory.CreateDirectory(Path.Combine(set, $"case-{c.CaseNumber:0000}")).FullName;
            File.WriteAllText(Path.Combine(folder, "case.json"), c.ToJson());
        }

        return set;
    }

    private string StandardSet() => WriteSet(Case(1, 10, -0.5, 0), Case(2, 30, 12, 1));

    private static double Doc(double predicted, double truth) => 2 * Math.Min(predicted, truth) / (predicted + truth);

    [Fact]
    public async Task Json_gives_the_best_growth_per_case_and_its_score_on_the_actual_growth()
    {
        string set = StandardSet();

        var (code, output, error) = await RunAsync("ceiling", "--truth", set, "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(["case-0001", "case-0002"], cases.Select(c => c.GetProperty("case").GetString()));

        var shrinking = cases[0];
        double shrinkingGrowth = shrinking.GetProperty("choice").GetProperty("growthMl").GetDouble();
        Assert.InRange(shrinkingGrowth, 1.0, 1.7);
        Assert.Equal(0.386, shrinking.GetProperty("choice").GetProperty("expectedDoc").GetDouble(), tolerance: 0.012);
        Assert.Equal(0, shrinking.GetProperty("doc").GetDouble());

        var growing = cases[1];
        double growingGrowth = growing.GetProperty("choice").GetProperty("growthMl").GetDouble();
        Assert.InRange(growingGrowth, 6.9, 20);
        Assert.Equal(Doc(growingGrowth, 12), growing.GetProperty("doc").GetDouble(), 12);

        Assert.Equal(cases.Average(c => c.GetProperty("choice").GetProperty("expectedDoc").GetDouble()), root.GetProperty("expectedMeanDoc").GetDouble(), 12);
        Assert.Equal(Doc(growingGrowth, 12) / 2, root.GetProperty("meanDoc").GetDouble(), 12);
        Assert.Equal(SyntheticGenerator.Version, root.GetProperty("generatorVersion").GetString());
        Assert.Equal(2000, root.GetProperty("simulatedSets").GetInt32());
        Assert.Equal(0.55, root.GetProperty("targetDoc").GetDouble());
    }

    [Fact]
    public async Task Simulated_sets_count_the_targets_they_reach()
    {
        string set = StandardSet();

        // The certain expander always scores above 0 with a growth of at least 6.9 mL predicted, so every set's mean
        // exceeds 0.01; a mean of 1 needs both predicted volumes to be exactly right, which continuous draws never are.
        var (code, output, error) = await RunAsync("ceiling", "--truth", set, "--json", "--target", "0.01", "--sets", "300");
        Assert.True(code == 0, error);
        Assert.Equal(300, JsonDocument.Parse(output).RootElement.GetProperty("setsReachingTarget").GetInt32());

        (code, output, error) = await RunAsync("ceiling", "--truth", set, "--json", "--target", "1", "--sets", "300");
        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0, root.GetProperty("setsReachingTarget").GetInt32());
        Assert.InRange(root.GetProperty("percentile99").GetDouble(), 0, root.GetProperty("highestSimulatedMean").GetDouble());
    }

    [Fact]
    public async Task The_same_seed_prints_the_same_numbers_and_the_text_names_them()
    {
        string set = StandardSet();

        var first = await RunAsync("ceiling", "--truth", set, "--seed", "9", "--draws", "5000");
        var second = await RunAsync("ceiling", "--truth", set, "--seed", "9", "--draws", "5000");

        Assert.True(first.ExitCode == 0, first.Error);
        string Numbers(string text) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("cases:", StringComparison.Ordinal)));
        Assert.Equal(Numbers(first.Output), Numbers(second.Output));
        Assert.Contains("best expected mean DOC of a baseline-only predictor: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("2000 sets of these baselines with the growth drawn again: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("cases: 2 (generator ", first.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_goes_to_stderr_every_tenth_case()
    {
        string set = WriteSet([.. Enumerable.Range(1, 12).Select(n => Case(n, 10, -0.5, 0))]);

        var (code, output, error) = await RunAsync("ceiling", "--truth", set, "--draws", "1000", "--sets", "10");

        Assert.True(code == 0, error);
        Assert.Equal(["hem ceiling: 10 cases estimated"], error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.Contains("cases: 12 ", output, StringComparison.Ordinal);
    }

    /// <summary>Masks on a row of sixty 10 mm voxels (1 mL each): voxels [from, to) set.</summary>
    private static async Task WriteMaskAsync(string path, params (int From, int To)[] runs)
    {
        var row = new VolumeGeometry(new GridSize(60, 1, 1), new Vector3D(10, 10, 10), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        byte[] mask = [.. Enumerable.Range(0, 60).Select(x => (byte)(runs.Any(r => x >= r.From && x < r.To) ? 1 : 0))];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await NiftiWriter.WriteAsync(path, row, mask, "mask", TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// The standard set with masks: case 1 stays at 10 mL and its prediction adds 2 mL; case 2 grows from 30 to
    /// 42 mL (voxels 30-41) and its prediction adds 10 mL in the wrong place (voxels 45-54), so its DOC is 0 though
    /// a perfectly shaped 10 mL would score 2 * 10 / 22.
    /// </summary>
    private async Task<(string Set, string Predictions)> SetWithPredictionsAsync(bool secondPrediction = true)
    {
        string set = WriteSet(Case(1, 10, 0, 0), Case(2, 30, 12, 1));
        string predictions = Path.Combine(_root, "pred");
        await WriteMaskAsync(Path.Combine(set, "case-0001", "baseline.mask.nii.gz"), (0, 10));
        await WriteMaskAsync(Path.Combine(set, "case-0001", "followup.mask.nii.gz"), (0, 10));
        await WriteMaskAsync(Path.Combine(predictions, "case-0001", "prediction.mask.nii.gz"), (0, 12));
        await WriteMaskAsync(Path.Combine(set, "case-0002", "baseline.mask.nii.gz"), (0, 30));
        await WriteMaskAsync(Path.Combine(set, "case-0002", "followup.mask.nii.gz"), (0, 42));
        if (secondPrediction)
        {
            await WriteMaskAsync(Path.Combine(predictions, "case-0002", "prediction.mask.nii.gz"), (0, 30), (45, 55));
        }

        return (set, predictions);
    }

    [Fact]
    public async Task Predictions_are_split_into_their_volume_and_their_shape()
    {
        var (set, predictions) = await SetWithPredictionsAsync();

        var (code, output, error) = await RunAsync("ceiling", "--truth", set, "--pred", predictions, "--json");

        Assert.True(code == 0, error);
        var root = JsonDocument.Parse(output).RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().ToList();
        var first = cases[0].GetProperty("prediction");
        Assert.Equal(2, first.GetProperty("growthMl").GetDouble(), 9);
        Assert.Equal(0, first.GetProperty("perfectShapeDoc").GetDouble());
        Assert.Equal(0, first.GetProperty("doc").GetDouble());

        var second = cases[1].GetProperty("prediction");
        Assert.Equal(10, second.GetProperty("growthMl").GetDouble(), 9);
        Assert.Equal(20.0 / 22, second.GetProperty("perfectShapeDoc").GetDouble(), 12);
        Assert.Equal(0, second.GetProperty("doc").GetDouble());
        // A certain expander of 30 mL grows by g = 6 (1.15 + T), T exponential with mean 0.9: E[Doc(10, g)] by quadrature.
        Assert.Equal(ExpectedDocOfTen(), second.GetProperty("expectedDoc").GetDouble(), tolerance: 0.01);

        foreach (var c in cases)
        {
            Assert.True(c.GetProperty("prediction").GetProperty("expectedDoc").GetDouble() <= c.GetProperty("choice").GetProperty("expectedDoc").GetDouble() + 1e-3);
        }

        var summary = root.GetProperty("prediction");
        Assert.Equal(10.0 / 22, summary.GetProperty("perfectShapeMeanDoc").GetDouble(), 12);
        Assert.Equal(0, summary.GetProperty("meanDoc").GetDouble());
    }

    [Fact]
    public async Task The_split_needs_a_prediction_for_every_case()
    {
        var (set, predictions) = await SetWithPredictionsAsync(secondPrediction: false);

        await RefusedAsync("ceiling", "case-0002: prediction missing; the split needs a prediction for every case", "--truth", set, "--pred", predictions);
    }

    private static double ExpectedDocOfTen()
    {
        double sum = 0;
        const double step = 1e-4;
        for (double t = step / 2; t < 40; t += step)
        {
            double g = 6 * (1.15 + t);
            sum += 2 * Math.Min(10, g) / (10 + g) * Math.Exp(-t / 0.9) / 0.9 * step;
        }

        return sum;
    }

    [Fact]
    public async Task A_missing_or_empty_truth_folder_is_refused()
    {
        await RefusedAsync("ceiling", "the truth folder does not exist", "--truth", Path.Combine(_root, "nowhere"));
        await RefusedAsync("ceiling", "holds no case-NNNN folders", "--truth", Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName);
    }

    [Fact]
    public async Task A_case_without_its_case_json_is_refused_by_name()
    {
        string set = StandardSet();
        Directory.CreateDirectory(Path.Combine(set, "case-0003"));

        await RefusedAsync("ceiling", "case-0003: no case.json", "--truth", set);
    }

    [Fact]
    public async Task A_set_from_another_generator_version_is_refused()
    {
        string set = WriteSet(Case(1, 10, -0.5, 0), Case(2, 30, 12, 1, version: "0.9.0"));

        await RefusedAsync("ceiling", "case-0002: made by generator version 0.9.0", "--truth", set);
    }

    [Theory]
    [InlineData(10, 1.5, "case-0001: case.json gives an expansion probability of 1.5")]
    [InlineData(0, 0.2, "case-0001: case.json gives a baseline volume of 0 mL")]
    [InlineData(5000, 0.2, "case-0001: case.json gives a baseline volume of 5000 mL")]
    public async Task Impossible_cases_are_refused(double baselineMl, double probability, string message)
    {
        string set = WriteSet(Case(1, baselineMl == 0 ? 1 : baselineMl, 1, probability) with { BaselineVolumeMl = baselineMl });

        await RefusedAsync("ceiling", message, "--truth", set);
    }

    [Fact]
    public async Task A_case_json_that_is_not_a_case_is_refused()
    {
        string set = StandardSet();
        File.WriteAllText(Path.Combine(set, "case-0002", "case.json"), "{\"generator\": 3");

        await RefusedAsync("ceiling", "case-0002: case.json is not a case description", "--truth", set);
    }

    [Theory]
    [InlineData("--draws", "10", "--draws must be between 1000 and 1000000")]
    [InlineData("--sets", "0", "--sets must be between 1 and 100000")]
    [InlineData("--target", "0", "--target must be a DOC above 0 and at most 1")]
    [InlineData("--target", "1.2", "--target must be a DOC above 0 and at most 1")]
    public async Task Bad_arguments_are_refused(string option, string value, string message)
    {
        string set = StandardSet();

        await RefusedAsync("ceiling", message, "--truth", set, option, value);
    }
}
