using System.Globalization;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Delivers the topic's events to its subscribers in the background: one queue and one loop per subscriber, so the
/// publisher never waits for a subscriber and a slow or failing subscriber never holds up another. Each event goes in
/// its own request, as a CloudEvent in structured mode (<c>application/cloudevents+json</c>), which is what Event Grid
/// does for a CloudEvents subscription without batching, with <see cref="WebhookPoster"/>'s retries.
/// </summary>
/// <remarks>
/// Like Event Grid, it does not drop repeated ids: the pipeline repeats an id when it publishes an outcome again, and
/// subscribers drop repeats by id (docs/EVENTS.md). Unlike Event Grid, what is still queued when the host stops is not
/// delivered later (it is in events.jsonl), and there is no dead-lettering: a delivery that fails is logged.
/// </remarks>
public sealed partial class SubscriberDispatcher : BackgroundService
{
    public const string ContentType = "application/cloudevents+json; charset=utf-8";

    private readonly IReadOnlyList<Subscriber> _subscribers;
    private readonly WebhookPoster _poster;
    private readonly ILogger<SubscriberDispatcher> _logger;

    public SubscriberDispatcher(LocalEventTopicOptions options, HttpClient http, TimeProvider timeProvider, ILogger<SubscriberDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _subscribers = [.. options.Subscribers.Select((url, index) => new Subscriber(index + 1, url))];
        _poster = new WebhookPoster(http, options.Retry, options.DeliveryTimeout, timeProvider);
        _logger = logger;
    }

    /// <summary>Queues <paramref name="events"/> for every subscriber; never waits.</summary>
    public void Enqueue(IEnumerable<TopicEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var topicEvent in events)
        {
            foreach (var subscriber in _subscribers)
            {
                // An unbounded channel takes every write until it is completed, which happens only at disposal.
                subscriber.Queue.Writer.TryWrite(topicEvent);
            }
        }
    }

    public override void Dispose()
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Queue.Writer.TryComplete();
        }

        base.Dispose();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_subscribers.Select(subscriber => DeliverAllAsync(subscriber, stoppingToken)));

    private async Task DeliverAllAsync(Subscriber subscriber, CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var topicEvent in subscriber.Queue.Reader.ReadAllAsync(stoppingToken))
            {
                var result = await _poster.PostAsync(subscriber.Url, topicEvent.Json, ContentType, subscriber.Headers, stoppingToken);
                if (result.Outcome == DeliveryOutcome.Delivered)
                {
                    LogDelivered(_logger, topicEvent.Id, subscriber.Number, result.Attempts);
                }
                else
                {
                    LogNotDelivered(_logger, topicEvent.Id, subscriber.Number, result.Outcome, result.StatusCode, result.ErrorType, result.Attempts);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            if (subscriber.Queue.Reader.Count > 0)
            {
                LogUndelivered(_logger, subscriber.Queue.Reader.Count, subscriber.Number);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Local topic: event {EventId} delivered to subscriber {Subscriber} in {Attempts} attempt(s)")]
    private static partial void LogDelivered(ILogger logger, string eventId, int subscriber, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local topic: event {EventId} not delivered to subscriber {Subscriber}: {Outcome}, last status {Status}, error {ErrorType}, {Attempts} attempt(s)")]
    private static partial void LogNotDelivered(ILogger logger, string eventId, int subscriber, DeliveryOutcome outcome, int? status, string? errorType, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local topic: stopping with {Count} event(s) not delivered to subscriber {Subscriber} (they are in the events file)")]
    private static partial void LogUndelivered(ILogger logger, int count, int subscriber);

    /// <summary>
    /// One subscriber: named in logs by its position in the settings, not its URL (which may carry a secret), with its
    /// own queue.
    /// </summary>
    private sealed class Subscriber(int number, Uri url)
    {
        public int Number { get; } = number;

        public Uri Url { get; } = url;

        public Channel<TopicEvent> Queue { get; } = Channel.CreateUnbounded<TopicEvent>(new UnboundedChannelOptions { SingleReader = true });

        public IReadOnlyDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["aeg-event-type"] = "Notification",
            ["aeg-subscription-name"] = "HEM-LOCAL-SUBSCRIBER-" + number.ToString(CultureInfo.InvariantCulture),
        };
    }
}
