using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace Hem.Pipeline.Intake;

/// <summary>
/// Reads the envelopes of a delivery with Azure.Messaging.EventGrid, the parser Azure's own samples use, so that the
/// field names and required fields are the SDK's, not ours.
/// </summary>
internal static class EventEnvelopes
{
    public static IReadOnlyList<ReceivedEvent> Read(BinaryData body, EventSchema schema)
    {
        try
        {
            // Materialised inside the try: the SDK deserialises system-event data lazily, in TryGetSystemEventData.
            return schema == EventSchema.EventGrid
                ? [.. EventGridEvent.ParseMany(body).Select(FromEventGrid)]
                : [.. CloudEvent.ParseMany(body).Select(FromCloudEvent)];
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // The SDK's messages may quote a value from the body; name the exception type only.
            string name = schema == EventSchema.EventGrid ? "Event Grid" : "CloudEvents";
            throw new MalformedEventPayloadException($"The request body is not a valid {name} delivery: an event lacks a required field or has one of the wrong type ({ex.GetType().Name}).");
        }
    }

    private static ReceivedEvent FromEventGrid(EventGridEvent received) =>
        new(received.Id, received.EventTime, received.EventType, received.TryGetSystemEventData(out object data) ? data : null);

    private static ReceivedEvent FromCloudEvent(CloudEvent received) =>
        new(received.Id, received.Time, received.Type, received.TryGetSystemEventData(out object data) ? data : null);
}
