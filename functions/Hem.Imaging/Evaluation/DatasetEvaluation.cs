using Hem.Imaging.Metrics;

namespace Hem.Imaging.Evaluation;

/// <summary>Every case's outcome, the summary over the scored ones, and predictions that had no truth case.</summary>
public sealed record DatasetEvaluation(IReadOnlyList<CaseOutcome> Cases, EvaluationSummary Summary, ExpansionCriterion Criterion, IReadOnlyList<string> PredictionsWithoutTruth)
{
    public int MissingPredictions => Cases.Count(c => c.Metrics is null);
}
