namespace Hem.Pipeline.Intake;

/// <summary>
/// The webhook's answer to a delivery and its one log line: how many runs it started, how many were already known
/// (a redelivery), and how many events it ignored for each reason. Counts only: never a blob name or an event body.
/// </summary>
public sealed record IntakeSummary(int Started, int AlreadyKnown, IReadOnlyDictionary<string, int> IgnoredByReason)
{
    /// <summary>The summary of <paramref name="decision"/>, given for each submission whether this delivery started it.</summary>
    public static IntakeSummary From(IntakeDecision decision, IReadOnlyCollection<bool> startedPerSubmission)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(startedPerSubmission);
        if (startedPerSubmission.Count != decision.Submissions.Count)
        {
            throw new ArgumentException("one start result per submission", nameof(startedPerSubmission));
        }

        int started = startedPerSubmission.Count(s => s);
        var ignored = decision.IgnoredByReason()
            .OrderBy(pair => pair.Key)
            .ToDictionary(pair => pair.Key.ToString(), pair => pair.Value, StringComparer.Ordinal);
        return new IntakeSummary(started, startedPerSubmission.Count - started, ignored);
    }

    public int IgnoredTotal => IgnoredByReason.Values.Sum();
}
