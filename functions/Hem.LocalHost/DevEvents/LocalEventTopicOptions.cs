namespace Hem.LocalHost.DevEvents;

/// <summary>Settings of the development result topic.</summary>
public sealed record LocalEventTopicOptions
{
    /// <summary>Event Grid's limit for one publish request (1 MB), kept so a publisher that works here works in Azure.</summary>
    public const int EventGridMaxRequestBytes = 1_048_576;

    /// <summary>The name the local host gives the events file.</summary>
    public const string DefaultEventsFileName = "events.jsonl";

    /// <summary>The topic key publishers send in <c>aeg-sas-key</c> (the pipeline's <c>Hem:ResultTopicKey</c>).</summary>
    public required string Key { get; init; }

    /// <summary>The JSON-lines file every accepted event is appended to, one event per line.</summary>
    public required string EventsFile { get; init; }

    /// <summary>Webhooks every event is delivered to, as CloudEvents in structured mode, one event per request.</summary>
    public IReadOnlyList<Uri> Subscribers { get; init; } = [];

    /// <summary>The publish route; the pipeline's <c>Hem:ResultTopicEndpoint</c> is the host's address and this path.</summary>
    public string Route { get; init; } = "/local-topic/api/events";

    /// <summary>Retries of each delivery to each subscriber.</summary>
    public DeliveryRetry Retry { get; init; } = DeliveryRetry.Default;

    /// <summary>How long a subscriber may take to answer one delivery (Event Grid waits 30 s).</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxRequestBytes { get; init; } = EventGridMaxRequestBytes;

    /// <exception cref="ArgumentException">A setting the topic cannot work with.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Key);
        ArgumentException.ThrowIfNullOrWhiteSpace(EventsFile);
        ArgumentNullException.ThrowIfNull(Subscribers);
        if (Subscribers.Any(url => url is null || !url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ArgumentException("Every subscriber is an absolute http or https URL.", nameof(Subscribers));
        }

        if (string.IsNullOrWhiteSpace(Route) || Route[0] != '/')
        {
            throw new ArgumentException("The route starts with '/'.", nameof(Route));
        }

        ArgumentNullException.ThrowIfNull(Retry);
        Retry.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DeliveryTimeout, TimeSpan.Zero, nameof(DeliveryTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRequestBytes, 1, nameof(MaxRequestBytes));
    }
}
