using Hem.Pipeline.Intake;

namespace Hem.LocalHost.DevEvents;

/// <summary>Settings of the development blob event source.</summary>
public sealed record BlobEventSourceOptions
{
    /// <summary>The intake webhook that receives the BlobCreated events (the local host's own intake route).</summary>
    public required Uri IntakeUrl { get; init; }

    /// <summary>The container watched; the intake's incoming container by default.</summary>
    public string Container { get; init; } = IntakeFilter.DefaultIncomingContainer;

    /// <summary>The container holding the source's record of what it sent (<see cref="EmittedBlobStore"/>).</summary>
    public string StateContainer { get; init; } = "hem-local";

    /// <summary>Time between two listings while all goes well.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest wait between listings after failures: each failed poll (storage unreachable, or events the intake did
    /// not take) doubles the interval up to this.
    /// </summary>
    public TimeSpan MaxPollBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Blobs per listing page; null lets the service choose (5000 in Azure and Azurite).</summary>
    public int? PageSize { get; init; }

    /// <summary>Events per request: Event Grid's webhook default is 1; it allows batches when a subscription asks.</summary>
    public int MaxEventsPerBatch { get; init; } = 1;

    /// <summary>Retries of one delivery within a poll; after them the events wait for the next poll.</summary>
    public DeliveryRetry Retry { get; init; } = new() { MaxAttempts = 3, FirstDelay = TimeSpan.FromMilliseconds(500), MaxDelay = TimeSpan.FromSeconds(5) };

    /// <summary>How long one request may take to be answered (Event Grid waits 30 s).</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <exception cref="ArgumentException">A setting the source cannot work with.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(IntakeUrl);
        if (!IntakeUrl.IsAbsoluteUri || (IntakeUrl.Scheme != Uri.UriSchemeHttp && IntakeUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("The intake URL is an absolute http or https URL.", nameof(IntakeUrl));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(Container);
        ArgumentException.ThrowIfNullOrWhiteSpace(StateContainer);
        if (string.Equals(Container, StateContainer, StringComparison.Ordinal))
        {
            throw new ArgumentException("The state container is not the watched one: the state blob would emit events of its own.", nameof(StateContainer));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PollInterval, TimeSpan.Zero, nameof(PollInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPollBackoff, PollInterval, nameof(MaxPollBackoff));
        if (PageSize is { } pageSize)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(PageSize));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEventsPerBatch, 1, nameof(MaxEventsPerBatch));
        ArgumentNullException.ThrowIfNull(Retry);
        Retry.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DeliveryTimeout, TimeSpan.Zero, nameof(DeliveryTimeout));
    }
}
