namespace Hem.Pipeline.Intake;

/// <summary>
/// One delivered event with what intake looks at, the same for both schemas: its id and time, its type, and the
/// SDK's typed system-event data (null for an event type the SDK does not know).
/// </summary>
internal sealed record ReceivedEvent(string Id, DateTimeOffset? Time, string Type, object? SystemData);
