using System.Text.Json;
using Hem.Imaging.Metrics;
using Hem.Imaging.Synthetic;

namespace Hem.Imaging.Evaluation;

/// <summary>How hard <see cref="DocCeilingEstimator"/> looks: draws per case, simulated sets, the DOC asked about, the seed.</summary>
public sealed record CeilingSettings(int Draws, int SimulatedSets, double TargetDoc, int Seed)
{
    public const int MinDraws = 1000;

    public const int MaxSimulatedSets = 100_000;

    public static CeilingSettings Default { get; } = new(20_000, 2000, 0.55, 1);
}

/// <summary>One case: the growth worth predicting for it, what that can expect, and what it scores on the case's actual growth.</summary>
public sealed record CaseCeiling(string Case, double BaselineMl, double HeProbability, double TrueGrowthMl, GrowthChoice Choice, double Doc, PredictedGrowth? Prediction);

/// <summary>
/// A model's prediction for the same case, split by what costs it DOC: its growth region's volume (vol(P \ B)), what
/// that volume would expect and score on the actual growth with a perfect shape, and the DOC it really scored.
/// </summary>
public sealed record PredictedGrowth(double GrowthMl, double ExpectedDoc, double PerfectShapeDoc, double Doc);

/// <summary>The means of <see cref="PredictedGrowth"/> over the set.</summary>
public sealed record PredictionSummary(double ExpectedMeanDoc, double PerfectShapeMeanDoc, double MeanDoc);

/// <summary>
/// A synthetic set's DOC ceiling: the mean of the per-case expectations; the mean the same choices score on the
/// set's actual growth; and, over sets of these baselines with their growth drawn again, how many reach
/// <see cref="TargetDoc"/>, with the 99th percentile and highest mean seen.
/// </summary>
public sealed record SetCeiling(
    IReadOnlyList<CaseCeiling> Cases,
    string GeneratorVersion,
    double ExpectedMeanDoc,
    double MeanDoc,
    double TargetDoc,
    int SimulatedSets,
    int SetsReachingTarget,
    double Percentile99,
    double HighestSimulatedMean,
    PredictionSummary? Prediction);

/// <summary>
/// The highest mean growth Dice (DOC) any predictor can expect on a set made by <c>hem synth</c> when it sees only
/// the baselines. For each case the generator's own growth distribution (<see cref="GrowthOutlook"/>, from the
/// case.json signs, baseline volume and expansion probability) is sampled, and the predicted growth volume with the
/// highest expected DOC is chosen for a prediction of perfect shape (<see cref="GrowthDiceCeiling"/>). A real model
/// also has to find the shape and the probability, so it can only do worse in expectation. The bound is exact up to
/// the rasterisation of the masks (on the seed-9001 test set a growth region's voxels exceed case.json's growth by
/// 0.18 mL at most) and to growth capped by the room around the hematoma, which the outlook does not know about. Given a
/// model's predictions, it also scores their own growth volumes the same way, which splits the model's shortfall
/// into the choice of volume and the shape.
/// </summary>
public static class DocCeilingEstimator
{
    public const string CaseFile = "case.json";

    /// <summary>case.json is a page of text; anything far larger is not one.</summary>
    private const long MaxCaseFileBytes = 1 << 20;

    /// <summary>Far above any hematoma (the whole intracranial volume is about 1500 mL): beyond it the file is not a case.</summary>
    private const double MaxBaselineMl = 2000;

    /// <param name="predictionFolder">A model's predictions in <c>hem evaluate</c>'s layout, one for every case; or null.</param>
    /// <param name="progress">Told the number of cases estimated so far, after each case (the simulated sets take a fraction of that time).</param>
    public static async Task<SetCeiling> EstimateAsync(string truthFolder, CeilingSettings settings, string? predictionFolder = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(truthFolder);
        ArgumentNullException.ThrowIfNull(settings);
        var names = EvaluationLayout.TruthCaseNames(truthFolder);

        var descriptions = new List<CaseDescription>(names.Count);
        foreach (string name in names)
        {
            descriptions.Add(await ReadCaseAsync(name, Path.Combine(truthFolder, name, CaseFile), cancellationToken));
        }

        var signs = descriptions.ConvertAll(d => d.Signs.ToSigns());
        var predictions = predictionFolder is null ? null : await ReadPredictionsAsync(truthFolder, predictionFolder, cancellationToken);
        var random = new Random(settings.Seed);
        var cases = new List<CaseCeiling>(names.Count);
        for (int i = 0; i < names.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var d = descriptions[i];
            double[] growth = GrowthOutlook.Draw(random, signs[i], d.BaselineVolumeMl, d.HeProbability, settings.Draws);
            var choice = GrowthDiceCeiling.Best(growth);
            var predicted = predictions?[i] is { } m
                ? new PredictedGrowth(m.PredictedGrowthRegionMl, GrowthDiceCeiling.Expected(m.PredictedGrowthRegionMl, growth), GrowthDiceCeiling.Doc(m.PredictedGrowthRegionMl, d.GrowthMl), m.GrowthDice)
                : null;
            cases.Add(new CaseCeiling(names[i], d.BaselineVolumeMl, d.HeProbability, d.GrowthMl, choice, GrowthDiceCeiling.Doc(choice.GrowthMl, d.GrowthMl), predicted));
            progress?.Report(i + 1);
        }

        double[] means = Simulate(random, descriptions, signs, cases, settings.SimulatedSets, cancellationToken);
        Array.Sort(means);
        return new SetCeiling(
            cases,
            SyntheticGenerator.Version,
            cases.Average(c => c.Choice.ExpectedDoc),
            cases.Average(c => c.Doc),
            settings.TargetDoc,
            means.Length,
            means.Count(m => m >= settings.TargetDoc),
            means[Math.Min(means.Length - 1, (int)Math.Ceiling(0.99 * means.Length) - 1)],
            means[^1],
            predictions is null ? null : new PredictionSummary(
                cases.Average(c => c.Prediction!.ExpectedDoc),
                cases.Average(c => c.Prediction!.PerfectShapeDoc),
                cases.Average(c => c.Prediction!.Doc)));
    }

    /// <summary>Every case's prediction metrics, in case order; a missing or unreadable prediction would bias the means, so it is refused.</summary>
    private static async Task<List<CaseMetrics>> ReadPredictionsAsync(string truthFolder, string predictionFolder, CancellationToken cancellationToken)
    {
        var evaluation = await DatasetEvaluator.EvaluateAsync(truthFolder, predictionFolder, ExpansionCriterion.Default, cancellationToken);
        var metrics = new List<CaseMetrics>(evaluation.Cases.Count);
        foreach (var outcome in evaluation.Cases)
        {
            metrics.Add(outcome.Metrics ?? throw new EvaluationInputException($"{outcome.Case}: {outcome.Problem}; the split needs a prediction for every case"));
        }

        return metrics;
    }

    /// <summary>Mean DOC of the chosen growth volumes on sets whose growth is drawn again from the same baselines.</summary>
    private static double[] Simulate(Random random, List<CaseDescription> descriptions, List<HematomaSigns> signs, List<CaseCeiling> cases, int sets, CancellationToken cancellationToken)
    {
        var means = new double[sets];
        for (int s = 0; s < sets; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double sum = 0;
            for (int i = 0; i < cases.Count; i++)
            {
                var d = descriptions[i];
                sum += GrowthDiceCeiling.Doc(cases[i].Choice.GrowthMl, GrowthOutlook.DrawOne(random, signs[i], d.BaselineVolumeMl, d.HeProbability));
            }

            means[s] = sum / cases.Count;
        }

        return means;
    }

    private static async Task<CaseDescription> ReadCaseAsync(string name, string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new EvaluationInputException($"{name}: no {CaseFile}; the ceiling needs the ground truth hem synth writes, which real studies do not have");
        }

        if (file.Length > MaxCaseFileBytes)
        {
            throw new EvaluationInputException($"{name}: {CaseFile} is {file.Length} bytes, more than a case description ({MaxCaseFileBytes} at most)");
        }

        CaseDescription description;
        try
        {
            description = CaseDescription.FromJson(await File.ReadAllTextAsync(path, cancellationToken));
        }
        catch (JsonException ex)
        {
            throw new EvaluationInputException($"{name}: {CaseFile} is not a case description: {ex.Message}", ex);
        }

        if (!string.Equals(description.GeneratorVersion, SyntheticGenerator.Version, StringComparison.Ordinal))
        {
            throw new EvaluationInputException(
                $"{name}: made by generator version {description.GeneratorVersion}, but this hem draws growth as version {SyntheticGenerator.Version}; estimate with the hem that made the set");
        }

        if (!(description.BaselineVolumeMl is > 0 and <= MaxBaselineMl))
        {
            throw new EvaluationInputException($"{name}: {CaseFile} gives a baseline volume of {description.BaselineVolumeMl} mL; a hematoma has more than 0 and at most {MaxBaselineMl} mL");
        }

        if (!(description.HeProbability is >= 0 and <= 1))
        {
            throw new EvaluationInputException($"{name}: {CaseFile} gives an expansion probability of {description.HeProbability}, outside [0, 1]");
        }

        return description;
    }
}
