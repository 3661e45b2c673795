namespace Hem.Pipeline.Intake;

/// <summary>The two schemas an Event Grid subscription can deliver in (DESIGN.md section 3, Events).</summary>
public enum EventSchema
{
    /// <summary>Event Grid's own schema: a JSON array of events with <c>eventType</c> and <c>dataVersion</c>.</summary>
    EventGrid,

    /// <summary>CloudEvents 1.0 in structured JSON mode: one event, or an array of them, with <c>specversion</c>.</summary>
    CloudEvents,
}
