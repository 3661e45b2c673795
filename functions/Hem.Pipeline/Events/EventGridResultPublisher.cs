using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Messaging;
using Azure.Messaging.EventGrid;

namespace Hem.Pipeline.Events;

/// <summary>
/// Publishes result events as CloudEvents 1.0 with <see cref="EventGridPublisherClient"/>: source
/// <see cref="ResultEventTypes.Source"/>, the event's type, subject and id, the time from the
/// <see cref="TimeProvider"/>, and the data as JSON (camelCase, enums as camelCase strings, application/json).
/// </summary>
public sealed class EventGridResultPublisher : IResultEventPublisher
{
    /// <summary>How event data is written: camelCase names and enum values.</summary>
    public static readonly JsonSerializerOptions DataJsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly EventGridPublisherClient _client;
    private readonly TimeProvider _timeProvider;

    public EventGridResultPublisher(EventGridPublisherClient client, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _client = client;
        _timeProvider = timeProvider;
    }

    /// <summary>The CloudEvent that <see cref="PublishAsync"/> sends.</summary>
    public CloudEvent ToCloudEvent(ResultEvent resultEvent)
    {
        ArgumentNullException.ThrowIfNull(resultEvent);
        var data = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(resultEvent.Data, resultEvent.Data.GetType(), DataJsonOptions));
        return new CloudEvent(ResultEventTypes.Source, resultEvent.Type, data, "application/json", CloudEventDataFormat.Json)
        {
            Id = resultEvent.Id,
            Subject = resultEvent.Subject,
            Time = _timeProvider.GetUtcNow(),
        };
    }

    public async Task PublishAsync(ResultEvent resultEvent, CancellationToken cancellationToken)
    {
        await _client.SendEventAsync(ToCloudEvent(resultEvent), cancellationToken).ConfigureAwait(false);
    }
}
