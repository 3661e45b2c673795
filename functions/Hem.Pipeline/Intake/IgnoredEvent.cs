namespace Hem.Pipeline.Intake;

/// <summary>An event that starts nothing: its id (a GUID from Event Grid, safe to log) and why; never the blob name.</summary>
public sealed record IgnoredEvent(string EventId, IgnoreReason Reason);
