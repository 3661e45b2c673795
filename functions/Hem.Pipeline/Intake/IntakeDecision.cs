namespace Hem.Pipeline.Intake;

/// <summary>
/// What a webhook delivery asks of intake: answer the subscription validation handshake
/// (<see cref="ValidationResponseBody"/>), start the <see cref="Submissions"/> (each under its own instance id), and
/// count the <see cref="Ignored"/> events by reason.
/// </summary>
public sealed class IntakeDecision(EventSchema schema, string? validationResponseBody, IReadOnlyList<StudySubmission> submissions, IReadOnlyList<IgnoredEvent> ignored)
{
    public EventSchema Schema { get; } = schema;

    /// <summary>
    /// For an Event Grid <c>SubscriptionValidationEvent</c>: the JSON body to answer with 200,
    /// <c>{"validationResponse":"CODE"}</c>. Null for any other delivery.
    /// </summary>
    public string? ValidationResponseBody { get; } = validationResponseBody;

    public IReadOnlyList<StudySubmission> Submissions { get; } = submissions;

    public IReadOnlyList<IgnoredEvent> Ignored { get; } = ignored;

    /// <summary>How many events were ignored for each reason, for one log line per delivery.</summary>
    public IReadOnlyDictionary<IgnoreReason, int> IgnoredByReason() =>
        Ignored.GroupBy(e => e.Reason).ToDictionary(g => g.Key, g => g.Count());
}
