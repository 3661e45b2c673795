using System.Buffers;
using System.Text.Json;
using Azure.Messaging;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Reads a publish request's body: one CloudEvent 1.0 or a JSON array of them (what
/// <c>EventGridPublisherClient.SendEventsAsync</c> sends, <c>application/cloudevents-batch+json</c>). Every event must
/// be one <see cref="CloudEvent.Parse"/> accepts (specversion 1.0, id, source, type), or none is taken, as Event Grid
/// refuses a whole request with a bad event.
/// </summary>
internal static class CloudEventBatchReader
{
    /// <exception cref="InvalidTopicRequestException">The body is not CloudEvents; the message quotes nothing from it.</exception>
    public static IReadOnlyList<TopicEvent> Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidTopicRequestException($"The body is not JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}).");
        }

        using (document)
        {
            var root = document.RootElement;
            List<JsonElement> elements = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
            if (elements.Count == 0)
            {
                throw new InvalidTopicRequestException("The body holds no event.");
            }

            return [.. elements.Select(ReadEvent)];
        }
    }

    private static TopicEvent ReadEvent(JsonElement element, int index)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidTopicRequestException($"Event {index} is not a JSON object.");
        }

        var json = Compact(element);
        try
        {
            var cloudEvent = CloudEvent.Parse(BinaryData.FromBytes(json))
                ?? throw new InvalidTopicRequestException($"Event {index} is empty.");
            return new TopicEvent(cloudEvent.Id, cloudEvent.Type, json);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            // The SDK's message may quote a value: name the exception type only.
            throw new InvalidTopicRequestException($"Event {index} is not a CloudEvent 1.0: a required attribute is missing or of the wrong type ({ex.GetType().Name}).");
        }
    }

    // One line per event in events.jsonl: the event as published, without the publisher's whitespace.
    private static ReadOnlyMemory<byte> Compact(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            element.WriteTo(writer);
        }

        return buffer.WrittenMemory.ToArray();
    }
}

/// <summary>A publish request the topic refuses with 400.</summary>
public sealed class InvalidTopicRequestException : Exception
{
    public InvalidTopicRequestException()
    {
    }

    public InvalidTopicRequestException(string message)
        : base(message)
    {
    }

    public InvalidTopicRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
