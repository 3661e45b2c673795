namespace Hem.Dicom.Validation;

/// <summary>
/// Runs the selection rules in order over the study's series and ranks the survivors. Every series ends either
/// chosen or excluded with one code and one sentence; when a rule excludes the last candidates, the study is
/// rejected with that rule's study code.
/// </summary>
internal sealed class SeriesSelection
{
    private readonly IReadOnlyList<SelectionRule> _rules;
    private readonly SeriesPreference _preference;

    public SeriesSelection(StudyValidationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _rules = SelectionRule.InOrder(options);
        _preference = new SeriesPreference(options);
    }

    public SelectionOutcome Select(IReadOnlyList<SeriesCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var remaining = candidates.ToList();
        var excluded = new List<(SeriesCandidate Candidate, Rejection Why)>();
        foreach (var rule in _rules)
        {
            var failed = remaining.Select(c => (Candidate: c, Why: rule.Exclude(c))).Where(r => r.Why is not null).ToList();
            if (failed.Count == remaining.Count)
            {
                excluded.AddRange(failed.Select(f => (f.Candidate, f.Why!)));
                return SelectionOutcome.Reject(StudyRejection(rule, failed.Select(f => f.Why!).ToList()), excluded);
            }

            excluded.AddRange(failed.Select(f => (f.Candidate, f.Why!)));
            remaining.RemoveAll(c => failed.Any(f => ReferenceEquals(f.Candidate, c)));
        }

        remaining.Sort(_preference);
        var chosen = remaining[0];
        excluded.AddRange(remaining.Skip(1).Select(c => (c, new Rejection(RejectionCodes.NotPreferred, _preference.WhyNot(c, chosen)))));
        var reasons = _rules.Select(rule => rule.Passed(chosen)).Append(_preference.WhyChosen(chosen, remaining.Count)).ToList();
        return SelectionOutcome.Accept(chosen, reasons, excluded);
    }

    /// <summary>The rule's summary, then what the first excluded series showed (and how many more there were).</summary>
    private static Rejection StudyRejection(SelectionRule rule, List<Rejection> failures)
    {
        string more = failures.Count switch
        {
            1 => "",
            2 => " 1 more series fails the same way.",
            _ => $" {failures.Count - 1} more series fail the same way.",
        };
        return new Rejection(rule.StudyCodeFor(failures[0]), $"{rule.Summary} {failures[0].Reason}{more}");
    }
}

/// <summary>The chosen series with its reasons, or the study's rejection; and every series excluded, with why.</summary>
internal sealed record SelectionOutcome(
    SeriesCandidate? Chosen,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<(SeriesCandidate Candidate, Rejection Why)> Excluded,
    Rejection? Rejection)
{
    public static SelectionOutcome Accept(SeriesCandidate chosen, IReadOnlyList<string> reasons, IReadOnlyList<(SeriesCandidate, Rejection)> excluded) =>
        new(chosen, reasons, excluded, null);

    public static SelectionOutcome Reject(Rejection rejection, IReadOnlyList<(SeriesCandidate, Rejection)> excluded) =>
        new(null, [], excluded, rejection);
}
