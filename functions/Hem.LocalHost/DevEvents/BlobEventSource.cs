using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Development only: Azurite sends no Event Grid events, so this watches one container by listing it and POSTs a
/// <c>Microsoft.Storage.BlobCreated</c> event (Event Grid schema, <see cref="BlobCreatedEvents"/>) to the intake
/// webhook for every blob that is new or whose ETag changed since it was last sent.
/// </summary>
/// <remarks>
/// <para>At least once, like Event Grid: a blob version is recorded as sent only after the intake answered 2xx (or
/// refused it for good with a 4xx), and the record (<see cref="EmittedBlobStore"/>) lives in the storage account, so
/// a restart sends nothing the intake already took, and whatever was delivered but not yet recorded is sent again
/// (the intake names the same instance for it and starts nothing new).</para>
/// <para>Order within a poll: <see cref="PollPlan"/> (a folder's <c>_READY</c> after the other blobs). When a delivery
/// fails, the rest of the poll waits for the next one, so nothing overtakes it.</para>
/// <para>Logs and errors give counts, status codes and exception types only: blob names may name patients.</para>
/// </remarks>
public sealed partial class BlobEventSource : IDisposable
{
    private const string EventGridContentType = "application/json; charset=utf-8";

    // Bounds the last write of the record when the source is stopped in the middle of a poll.
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(5);

    private static readonly Dictionary<string, string> EventGridHeaders = new(StringComparer.Ordinal)
    {
        ["aeg-event-type"] = "Notification",
        ["aeg-subscription-name"] = "HEM-LOCAL-EVENT-SOURCE",
    };

    private readonly BlobEventSourceOptions _options;
    private readonly BlobContainerClient _container;
    private readonly ContainerLister _lister;
    private readonly EmittedBlobStore _store;
    private readonly BlobCreatedEvents _events;
    private readonly WebhookPoster _poster;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<BlobEventSource> _logger;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);
    private StoredEmittedBlobs? _state;

    public BlobEventSource(BlobServiceClient storage, HttpClient http, BlobEventSourceOptions options, TimeProvider timeProvider, ILogger<BlobEventSource> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _container = storage.GetBlobContainerClient(options.Container);
        _lister = new ContainerLister(_container, options.PageSize);
        _store = new EmittedBlobStore(storage, options.StateContainer, options.Container);
        _events = new BlobCreatedEvents(storage.AccountName);
        _poster = new WebhookPoster(http, options.Retry, options.DeliveryTimeout, timeProvider);
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>
    /// Lists the container once, sends what is new or changed, forgets what was deleted, and records the outcome.
    /// Polls never overlap: a second call waits for the first.
    /// </summary>
    public async Task<PollResult> PollOnceAsync(CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            _state ??= await _store.LoadAsync(cancellationToken);
            var listing = await _lister.ListAsync(cancellationToken);
            var plan = PollPlan.From(_options.Container, listing, _state.Emitted);
            var changes = plan.ToForget.Select(name => new KeyValuePair<string, string?>(name, null)).ToList();
            var result = new PollResult(listing.Count, 0, 0, 0, plan.ToForget.Count);
            try
            {
                result = await DeliverAsync(plan.ToSend, changes, result, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping mid-poll: keep what the intake already took, so the next start does not send it again.
                using var flush = new CancellationTokenSource(FlushTimeout);
                await RecordAsync(changes, flush.Token);
                throw;
            }

            await RecordAsync(changes, cancellationToken);
            if (result.Delivered + result.Rejected + result.Pending + result.Forgotten > 0)
            {
                LogPoll(_logger, result.Delivered, result.Rejected, result.Pending, result.Forgotten, result.Listed);
            }

            return result;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>
    /// Polls until <paramref name="cancellationToken"/> is cancelled: every <see cref="BlobEventSourceOptions.PollInterval"/>,
    /// and after failed polls with a doubling wait up to <see cref="BlobEventSourceOptions.MaxPollBackoff"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int failedPolls = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var result = await PollOnceAsync(cancellationToken);
                failedPolls = result.Pending > 0 ? failedPolls + 1 : 0;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                failedPolls++;
                LogPollFailed(_logger, ex.GetType().Name, (ex as RequestFailedException)?.Status);
            }

            try
            {
                await Task.Delay(NextDelay(failedPolls), _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public void Dispose() => _oneAtATime.Dispose();

    private async Task<PollResult> DeliverAsync(
        IReadOnlyList<BlobVersion> toSend, List<KeyValuePair<string, string?>> changes, PollResult result, CancellationToken cancellationToken)
    {
        int sent = 0;
        foreach (var batch in toSend.Chunk(_options.MaxEventsPerBatch))
        {
            var delivery = await PostAsync(batch, cancellationToken);
            if (delivery.Outcome == DeliveryOutcome.Failed)
            {
                int pending = toSend.Count - sent;
                LogDeliveryFailed(_logger, batch.Length, delivery.Attempts, delivery.StatusCode, delivery.ErrorType, pending);
                return result with { Pending = pending };
            }

            changes.AddRange(batch.Select(blob => new KeyValuePair<string, string?>(blob.Name, blob.ETag)));
            sent += batch.Length;
            if (delivery.Outcome == DeliveryOutcome.Rejected)
            {
                // Event Grid drops (or dead-letters) what a webhook refuses with such a status; so does this.
                LogRejected(_logger, batch.Length, delivery.StatusCode);
                result = result with { Rejected = result.Rejected + batch.Length };
            }
            else
            {
                result = result with { Delivered = result.Delivered + batch.Length };
            }
        }

        return result;
    }

    private Task<DeliveryResult> PostAsync(BlobVersion[] batch, CancellationToken cancellationToken)
    {
        var batchId = Guid.NewGuid();
        IEnumerable<JsonObject> events = batch.Select(blob => _events.Create(_options.Container, blob, _container.GetBlobClient(blob.Name).Uri, batchId));
        return _poster.PostAsync(_options.IntakeUrl, BlobCreatedEvents.Body(events).ToMemory(), EventGridContentType, EventGridHeaders, cancellationToken);
    }

    private async Task RecordAsync(List<KeyValuePair<string, string?>> changes, CancellationToken cancellationToken)
    {
        if (changes.Count == 0 || _state is null)
        {
            return;
        }

        // Applied in memory first: if the write fails, this instance still knows, and the next poll writes again.
        _state.Emitted.Apply(changes);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                var eTag = await _store.SaveAsync(_state.Emitted, _state.ETag, cancellationToken);
                _state = _state with { ETag = eTag };
                return;
            }
            catch (EmittedBlobStoreConflictException) when (attempt < 3)
            {
                // Another source wrote the record: take theirs and apply this poll's changes on top.
                LogConflict(_logger);
                var stored = await _store.LoadAsync(cancellationToken);
                stored.Emitted.Apply(changes);
                _state = stored;
            }
        }
    }

    private TimeSpan NextDelay(int failedPolls)
    {
        if (failedPolls == 0)
        {
            return _options.PollInterval;
        }

        double ticks = _options.PollInterval.Ticks * Math.Pow(2, Math.Min(failedPolls, 30));
        return ticks >= _options.MaxPollBackoff.Ticks ? _options.MaxPollBackoff : TimeSpan.FromTicks((long)ticks);
    }

    // What may pass: storage or the intake unreachable or answering errors, the record written by another source.
    // Anything else is a fault in this code and stops the host loudly.
    private static bool IsTransient(Exception ex) =>
        ex is RequestFailedException or AggregateException or HttpRequestException or IOException or TimeoutException
            or EmittedBlobStoreConflictException or OperationCanceledException;

    [LoggerMessage(Level = LogLevel.Information, Message = "Event source: {Delivered} event(s) delivered, {Rejected} refused by the intake, {Pending} left for the next poll, {Forgotten} deleted blob(s) forgotten; {Listed} blob(s) listed")]
    private static partial void LogPoll(ILogger logger, int delivered, int rejected, int pending, int forgotten, int listed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source: the intake refused {Count} event(s) with status {Status}; they are not sent again until their blobs change")]
    private static partial void LogRejected(ILogger logger, int count, int? status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source: the intake did not take {Count} event(s) in {Attempts} attempt(s) (last status {Status}, error {ErrorType}); {Pending} event(s) wait for the next poll")]
    private static partial void LogDeliveryFailed(ILogger logger, int count, int attempts, int? status, string? errorType, int pending);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source: its state blob was written by another process; merging and writing again")]
    private static partial void LogConflict(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Event source: a poll failed ({ErrorType}, status {Status}); polling again with a longer wait")]
    private static partial void LogPollFailed(ILogger logger, string errorType, int? status);
}
