using Hem.Imaging.Metrics;

namespace Hem.Imaging.Evaluation;

/// <summary>
/// One case of an evaluation: its name, the true volumes (always known) and either the metrics or the problem
/// that kept the prediction from being scored (missing, unreadable).
/// </summary>
public sealed record CaseOutcome(string Case, double BaselineMl, double FollowupMl, bool TrueExpansion, CaseMetrics? Metrics, string? Problem);
