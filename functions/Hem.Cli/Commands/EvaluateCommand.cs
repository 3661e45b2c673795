using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hem.Imaging.Evaluation;
using Hem.Imaging.Metrics;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem evaluate --truth DIR --pred DIR [--json]</c>: scores predicted follow-up masks against the truth, per case
/// and overall (layout: <see cref="EvaluationLayout"/>). A missing or unreadable prediction is reported for its
/// case; truth that cannot be read and masks on different grids exit 2 with one line on stderr.
/// </summary>
public static class EvaluateCommand
{
    public const int BadInput = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create()
    {
        var truth = new Option<string>("--truth")
        {
            Description = $"The truth: case-NNNN/ folders, each with {EvaluationLayout.BaselineMask} and {EvaluationLayout.FollowupMask}.",
            Required = true,
        };
        var prediction = new Option<string>("--pred")
        {
            Description = $"The predictions: case-NNNN/{EvaluationLayout.PredictionMask} on the same grid as that case's truth.",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print only the result, as a JSON object." };
        var command = new Command("evaluate",
            "Score predicted follow-up hematoma masks against the truth: per case volumes, Dice, growth-area Dice (DOC), AEV, AAEV, HD95 and " +
            "hematoma expansion (growth >= 6 mL or >= 33 %); overall means and HE sensitivity, specificity and AUC. " +
            "Exit codes: 0 scored (cases without a prediction are listed); 2 unusable input, with one line on stderr; 1 a command-line usage error.")
        {
            truth,
            prediction,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(truth)!,
            parse.GetValue(prediction)!,
            parse.GetValue(json),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string truth, string prediction, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        DatasetEvaluation evaluation;
        try
        {
            evaluation = await DatasetEvaluator.EvaluateAsync(truth, prediction, ExpansionCriterion.Default, cancellationToken);
        }
        catch (Exception ex) when (ex is EvaluationInputException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"hem evaluate: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }

        await stdout.WriteAsync(json ? JsonSerializer.Serialize(ToJson(evaluation), Json) + Environment.NewLine : Describe(evaluation));
        return 0;
    }

    private static EvaluationJson ToJson(DatasetEvaluation evaluation)
    {
        var cases = evaluation.Cases.Select(c => new CaseJson(
            c.Case,
            c.BaselineMl,
            c.FollowupMl,
            c.Metrics?.PredictedMl,
            c.Metrics?.Dice,
            c.Metrics?.GrowthDice,
            c.Metrics?.AevMl,
            c.Metrics?.AaevMl,
            c.Metrics is { } m && double.IsFinite(m.Hd95Mm) ? m.Hd95Mm : null,
            c.Metrics?.RelativeVolumeDifference,
            c.TrueExpansion,
            c.Metrics?.PredictedExpansion,
            c.Problem)).ToList();
        var s = evaluation.Summary;
        var he = s.Expansion;
        var overall = new OverallJson(
            evaluation.Cases.Count,
            s.Cases,
            evaluation.MissingPredictions,
            s.MeanDice,
            s.MeanGrowthDice,
            s.MeanAevMl,
            s.MeanAaevMl,
            s.MeanHd95Mm,
            s.Hd95Cases,
            new ExpansionJson(evaluation.Criterion.ToString(), he.Positives, he.Negatives, he.TruePositives, he.TrueNegatives, he.Sensitivity, he.Specificity, he.Auc));
        return new EvaluationJson(cases, overall, evaluation.PredictionsWithoutTruth);
    }

    private static string Describe(DatasetEvaluation evaluation)
    {
        var lines = new List<string>
        {
            "case         baselineMl  followupMl  predictedMl   dice    doc     aevMl   aaevMl    hd95Mm  trueHE  predHE",
        };
        foreach (var c in evaluation.Cases)
        {
            string truth = Invariant($"{c.Case,-11}  {c.BaselineMl,10:0.000}  {c.FollowupMl,10:0.000}");
            if (c.Metrics is not { } m)
            {
                lines.Add(Invariant($"{truth}  {c.Problem}  (true HE {YesNo(c.TrueExpansion)})"));
                continue;
            }

            string hd95 = double.IsFinite(m.Hd95Mm) ? Invariant($"{m.Hd95Mm,8:0.00}") : "       -";
            lines.Add(Invariant($"{truth}  {m.PredictedMl,11:0.000}  {m.Dice,5:0.000}  {m.GrowthDice,5:0.000}  {m.AevMl,8:0.000}  {m.AaevMl,7:0.000}  {hd95}  {YesNo(m.TrueExpansion),6}  {YesNo(m.PredictedExpansion),6}"));
        }

        var s = evaluation.Summary;
        var he = s.Expansion;
        lines.Add(Invariant($"cases: {evaluation.Cases.Count}, scored {s.Cases}, without a usable prediction {evaluation.MissingPredictions}"));
        lines.Add(Invariant($"mean Dice {Number(s.MeanDice)}, mean DOC {Number(s.MeanGrowthDice)}, mean AEV {Number(s.MeanAevMl)} mL, mean AAEV {Number(s.MeanAaevMl)} mL, mean HD95 {Number(s.MeanHd95Mm)} mm (over {s.Hd95Cases} cases with both masks non-empty or both empty)"));
        lines.Add(Invariant($"HE ({evaluation.Criterion}): {he.Positives} true, {he.Negatives} not; sensitivity {Number(he.Sensitivity)} ({he.TruePositives}/{he.Positives}), specificity {Number(he.Specificity)} ({he.TrueNegatives}/{he.Negatives}), AUC {Number(he.Auc)} (score: predicted growth in mL)"));
        if (evaluation.PredictionsWithoutTruth.Count > 0)
        {
            lines.Add($"predictions without a truth case (ignored): {string.Join(", ", evaluation.PredictionsWithoutTruth)}");
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string YesNo(bool value) => value ? "yes" : "no";

    private static string Number(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private sealed record EvaluationJson(IReadOnlyList<CaseJson> Cases, OverallJson Overall, IReadOnlyList<string> PredictionsWithoutTruth);

    private sealed record CaseJson(
        string Case,
        double BaselineMl,
        double FollowupMl,
        double? PredictedMl,
        double? Dice,
        double? Doc,
        double? AevMl,
        double? AaevMl,
        double? Hd95Mm,
        double? RelativeVolumeDifference,
        [property: JsonPropertyName("trueHE")] bool TrueHe,
        [property: JsonPropertyName("predictedHE")] bool? PredictedHe,
        string? Problem);

    private sealed record OverallJson(
        int Cases,
        int Scored,
        int MissingPredictions,
        double? MeanDice,
        double? MeanDoc,
        double? MeanAevMl,
        double? MeanAaevMl,
        double? MeanHd95Mm,
        int Hd95Cases,
        ExpansionJson He);

    private sealed record ExpansionJson(string Criterion, int Positives, int Negatives, int TruePositives, int TrueNegatives, double? Sensitivity, double? Specificity, double? Auc);
}
