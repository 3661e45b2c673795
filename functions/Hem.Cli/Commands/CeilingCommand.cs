using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Hem.Imaging.Evaluation;
using Hem.Imaging.Synthetic;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem ceiling --truth DIR [--pred DIR] [--target DOC] [--draws N] [--sets N] [--seed S] [--json]</c>: the highest
/// mean growth Dice (DOC) that any predictor seeing only the baselines can expect on a set written by <c>hem synth</c>
/// (<see cref="DocCeilingEstimator"/>), how often sets like it would reach a target, and with <c>--pred</c> how much of
/// a model's shortfall is its choice of volume and how much its shape. Progress goes to stderr every
/// tenth case. Bad arguments and sets without case.json exit 2 with one line on stderr.
/// </summary>
public static class CeilingCommand
{
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
    };

    public static Command Create()
    {
        var defaults = CeilingSettings.Default;
        var truth = new Option<string>("--truth") { Description = "A set written by hem synth: case-NNNN/ folders, each with its case.json.", Required = true };
        var prediction = new Option<string?>("--pred") { Description = "A model's predictions (case-NNNN/prediction.mask.nii.gz, one per case): also score their own growth volumes with a perfect shape." };
        var target = new Option<double>("--target") { Description = "The mean DOC to ask about: how many simulated sets reach it.", DefaultValueFactory = _ => defaults.TargetDoc };
        var draws = new Option<int>("--draws") { Description = $"Growth draws per case for the expectations ({CeilingSettings.MinDraws} to {GrowthOutlook.MaxDraws}).", DefaultValueFactory = _ => defaults.Draws };
        var sets = new Option<int>("--sets") { Description = $"Sets of these baselines to draw the growth for again (1 to {CeilingSettings.MaxSimulatedSets}).", DefaultValueFactory = _ => defaults.SimulatedSets };
        var seed = new Option<int>("--seed") { Description = "The seed of the draws: the same seed prints the same numbers.", DefaultValueFactory = _ => defaults.Seed };
        var json = new Option<bool>("--json") { Description = "Print only the result, as a JSON object." };
        var command = new Command("ceiling",
            "The highest mean growth Dice (DOC) any predictor can expect on a synthetic set when it sees only the baselines: per case, the growth " +
            "volume with the best expected DOC under the generator's own growth distribution, for a prediction of perfect shape; that choice " +
            "scored on the set's actual growth; how many sets like it, with their growth drawn again, reach --target; and with --pred, " +
            "the same for the predictions' own growth volumes beside the DOC they really score. " +
            "Exit codes: 0 estimated; 2 unusable input, with one line on stderr; 1 a command-line usage error.")
        {
            truth,
            prediction,
            target,
            draws,
            sets,
            seed,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(truth)!,
            parse.GetValue(prediction),
            new CeilingSettings(parse.GetValue(draws), parse.GetValue(sets), parse.GetValue(target), parse.GetValue(seed)),
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string truth, string? prediction, CeilingSettings settings, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        string? problem = Check(settings);
        if (problem is not null)
        {
            await stderr.WriteLineAsync($"hem ceiling: {problem}");
            return BadInput;
        }

        SetCeiling ceiling;
        var watch = Stopwatch.StartNew();
        try
        {
            ceiling = await DocCeilingEstimator.EstimateAsync(truth, settings, prediction, new CaseProgress(stderr), cancellationToken);
        }
        catch (Exception ex) when (ex is EvaluationInputException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"hem ceiling: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }

        await stdout.WriteAsync(json ? JsonSerializer.Serialize(ceiling, Json) + Environment.NewLine : Describe(ceiling, settings, watch.Elapsed));
        return 0;
    }

    private static string? Check(CeilingSettings settings)
    {
        if (settings.Draws is < CeilingSettings.MinDraws or > GrowthOutlook.MaxDraws)
        {
            return $"--draws must be between {CeilingSettings.MinDraws} and {GrowthOutlook.MaxDraws}";
        }

        if (settings.SimulatedSets is < 1 or > CeilingSettings.MaxSimulatedSets)
        {
            return $"--sets must be between 1 and {CeilingSettings.MaxSimulatedSets}";
        }

        return settings.TargetDoc is > 0 and <= 1 ? null : "--target must be a DOC above 0 and at most 1";
    }

    private static string Describe(SetCeiling ceiling, CeilingSettings settings, TimeSpan elapsed)
    {
        bool predicted = ceiling.Prediction is not null;
        var lines = new List<string>
        {
            "case         baselineMl  heProbability  growthMl  bestGrowthMl  expectedDoc    doc" + (predicted ? "  predGrowthMl  predExpected  predPerfectShape  predDoc" : string.Empty),
        };
        foreach (var c in ceiling.Cases)
        {
            string row = Invariant($"{c.Case,-11}  {c.BaselineMl,10:0.000}  {c.HeProbability,13:0.0000}  {c.TrueGrowthMl,8:0.000}  {c.Choice.GrowthMl,12:0.000}  {c.Choice.ExpectedDoc,11:0.000}  {c.Doc,5:0.000}");
            if (c.Prediction is { } p)
            {
                row += Invariant($"  {p.GrowthMl,12:0.000}  {p.ExpectedDoc,12:0.000}  {p.PerfectShapeDoc,16:0.000}  {p.Doc,7:0.000}");
            }

            lines.Add(row);
        }

        int none = ceiling.Cases.Count(c => c.Choice.GrowthMl == 0);
        lines.Add(Invariant($"cases: {ceiling.Cases.Count} (generator {ceiling.GeneratorVersion}); {settings.Draws} growth draws each; no growth is the best choice for {none}; {elapsed.TotalSeconds:0.0} s"));
        lines.Add(Invariant($"best expected mean DOC of a baseline-only predictor: {ceiling.ExpectedMeanDoc:0.000} (perfect shape; growth from the generator's own model)"));
        lines.Add(Invariant($"the same choices on this set's actual growth: mean DOC {ceiling.MeanDoc:0.000}"));
        lines.Add(Invariant($"{ceiling.SimulatedSets} sets of these baselines with the growth drawn again: {ceiling.SetsReachingTarget} reach a mean DOC of {ceiling.TargetDoc:0.000}; 99th percentile {ceiling.Percentile99:0.000}, highest {ceiling.HighestSimulatedMean:0.000}"));
        if (ceiling.Prediction is { } s)
        {
            lines.Add(Invariant($"the predictions' own growth volumes with a perfect shape: expected mean DOC {s.ExpectedMeanDoc:0.000}, on this set's actual growth {s.PerfectShapeMeanDoc:0.000}"));
            lines.Add(Invariant($"the predictions as they are: mean DOC {s.MeanDoc:0.000} (volume costs {ceiling.MeanDoc - s.PerfectShapeMeanDoc:0.000} and shape {s.PerfectShapeMeanDoc - s.MeanDoc:0.000} against the best choices on the actual growth)"));
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A line on stderr every tenth case: large --draws take minutes.</summary>
    private sealed class CaseProgress(TextWriter stderr) : IProgress<int>
    {
        public void Report(int value)
        {
            if (value % 10 == 0)
            {
                stderr.WriteLine(Invariant($"hem ceiling: {value} cases estimated"));
            }
        }
    }
}
