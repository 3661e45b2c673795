using System.Text.Json;

namespace Hem.Pipeline.Intake;

/// <summary>
/// Tells which schema a webhook body is in. A CloudEvents media type decides at once; any other content type (Event
/// Grid sends <c>application/json</c> for its own schema) leaves it to the body's shape: CloudEvents carry
/// <c>specversion</c>, Event Grid events <c>eventType</c> or <c>dataVersion</c>. Only the first event of an array is
/// looked at: one subscription delivers in one schema, and the SDK parser refuses an event that does not fit.
/// </summary>
public static class EventSchemaDetector
{
    private static readonly string[] CloudEventsMediaTypes = ["application/cloudevents+json", "application/cloudevents-batch+json"];

    public static EventSchema Detect(BinaryData body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        // Parsed even when the content type decides, so that a body that is not JSON always gets the same clear error.
        using var document = ParseJson(body);
        if (IsCloudEventsMediaType(contentType))
        {
            return EventSchema.CloudEvents;
        }

        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.Object => FromShape(root),
            // An empty delivery has no shape; it holds nothing to act on in either schema.
            JsonValueKind.Array when root.GetArrayLength() == 0 => EventSchema.EventGrid,
            JsonValueKind.Array when root[0].ValueKind == JsonValueKind.Object => FromShape(root[0]),
            JsonValueKind.Array => throw new MalformedEventPayloadException("The request body is an array whose first element is not an event object."),
            _ => throw new MalformedEventPayloadException("The request body is neither an event object nor an array of events."),
        };
    }

    private static bool IsCloudEventsMediaType(string? contentType)
    {
        // "application/cloudevents+json; charset=utf-8": parameters do not change the schema.
        string mediaType = (contentType ?? "").Split(';', 2)[0].Trim();
        return CloudEventsMediaTypes.Contains(mediaType, StringComparer.OrdinalIgnoreCase);
    }

    private static EventSchema FromShape(JsonElement firstEvent)
    {
        if (firstEvent.TryGetProperty("specversion", out _))
        {
            return EventSchema.CloudEvents;
        }

        if (firstEvent.TryGetProperty("eventType", out _) || firstEvent.TryGetProperty("dataVersion", out _))
        {
            return EventSchema.EventGrid;
        }

        throw new MalformedEventPayloadException("The request body is neither a CloudEvent (no specversion) nor an Event Grid event (no eventType).");
    }

    private static JsonDocument ParseJson(BinaryData body)
    {
        try
        {
            return JsonDocument.Parse(body.ToMemory());
        }
        catch (JsonException ex)
        {
            // JsonException's own message quotes the offending character; the position is enough to find it.
            throw new MalformedEventPayloadException($"The request body is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}).");
        }
    }
}
