using Hem.Imaging.Metrics;
using Hem.Imaging.Nifti;
using Hem.Imaging.Volumes;

namespace Hem.Imaging.Evaluation;

/// <summary>
/// Scores a folder of predictions against a folder of truth (<see cref="EvaluationLayout"/>), case by case in
/// ordinal name order, holding one case's masks at a time. A missing or unreadable prediction is that case's
/// problem; a truth folder that cannot be read, or masks of one case on different grids, make the whole
/// evaluation meaningless and raise <see cref="EvaluationInputException"/>.
/// </summary>
public static class DatasetEvaluator
{
    public static async Task<DatasetEvaluation> EvaluateAsync(string truthFolder, string predictionFolder, ExpansionCriterion criterion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(truthFolder);
        ArgumentNullException.ThrowIfNull(predictionFolder);
        ArgumentNullException.ThrowIfNull(criterion);
        var cases = EvaluationLayout.TruthCaseNames(truthFolder);
        if (!Directory.Exists(predictionFolder))
        {
            throw new EvaluationInputException("the prediction folder does not exist");
        }

        var outcomes = new List<CaseOutcome>(cases.Count);
        foreach (string name in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            outcomes.Add(await EvaluateCaseAsync(name, Path.Combine(truthFolder, name), Path.Combine(predictionFolder, name), criterion, cancellationToken));
        }

        var truthNames = cases.ToHashSet(StringComparer.Ordinal);
        var orphans = EvaluationLayout.CaseNames(predictionFolder).Where(n => !truthNames.Contains(n)).ToList();
        var scored = outcomes.Where(o => o.Metrics is not null).Select(o => o.Metrics!).ToList();
        return new DatasetEvaluation(outcomes, EvaluationSummary.Of(scored), criterion, orphans);
    }

    private static async Task<CaseOutcome> EvaluateCaseAsync(string name, string truthCase, string predictionCase, ExpansionCriterion criterion, CancellationToken cancellationToken)
    {
        var baseline = await ReadTruthAsync(name, Path.Combine(truthCase, EvaluationLayout.BaselineMask), cancellationToken);
        var followup = await ReadTruthAsync(name, Path.Combine(truthCase, EvaluationLayout.FollowupMask), cancellationToken);
        RequireSameGrid(name, EvaluationLayout.FollowupMask, baseline, followup);
        double baselineMl = MaskVolume.Ml(baseline);
        double followupMl = MaskVolume.Ml(followup);
        bool trueExpansion = criterion.IsExpansion(baselineMl, followupMl);

        string predictionPath = Path.Combine(predictionCase, EvaluationLayout.PredictionMask);
        if (!File.Exists(predictionPath))
        {
            return new CaseOutcome(name, baselineMl, followupMl, trueExpansion, null, "prediction missing");
        }

        Volume<byte> prediction;
        try
        {
            prediction = (await NiftiReader.ReadAsync(predictionPath, cancellationToken: cancellationToken)).ToMask();
        }
        catch (NiftiFormatException ex)
        {
            return new CaseOutcome(name, baselineMl, followupMl, trueExpansion, null, "prediction unreadable: " + ex.Message);
        }

        RequireSameGrid(name, EvaluationLayout.PredictionMask, baseline, prediction);
        var metrics = CaseEvaluation.Compare(baseline, followup, prediction, criterion);
        return new CaseOutcome(name, baselineMl, followupMl, trueExpansion, metrics, null);
    }

    private static async Task<Volume<byte>> ReadTruthAsync(string name, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new EvaluationInputException($"{name}: the truth has no {Path.GetFileName(path)}");
        }

        try
        {
            return (await NiftiReader.ReadAsync(path, cancellationToken: cancellationToken)).ToMask();
        }
        catch (NiftiFormatException ex)
        {
            throw new EvaluationInputException($"{name}: the truth's {Path.GetFileName(path)} cannot be read: {ex.Message}", ex);
        }
    }

    private static void RequireSameGrid(string name, string file, Volume<byte> baseline, Volume<byte> other)
    {
        if (!MaskGrids.AreSame(baseline.Geometry, other.Geometry))
        {
            var a = baseline.Geometry;
            var b = other.Geometry;
            throw new EvaluationInputException(
                $"{name}: {file} is not on the baseline mask's grid ({b.Size} at {b.Spacing} mm, origin {b.Origin} vs {a.Size} at {a.Spacing} mm, origin {a.Origin}); resample it onto the baseline grid first");
        }
    }
}
