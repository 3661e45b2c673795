using System.Net.Http.Headers;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// POSTs one body to one webhook, retrying as Event Grid does: a 2xx answer delivers; 408, 429, 5xx, a timeout or no
/// answer are tried again after a growing delay (<see cref="DeliveryRetry"/>); any other answer is final. Each attempt
/// carries <c>aeg-delivery-count</c> (0 on the first) like Event Grid's deliveries.
/// </summary>
public sealed class WebhookPoster
{
    /// <summary>The header Event Grid uses to tell a receiver how many attempts came before this one.</summary>
    public const string DeliveryCountHeader = "aeg-delivery-count";

    private readonly HttpClient _http;
    private readonly DeliveryRetry _retry;
    private readonly TimeSpan _attemptTimeout;
    private readonly TimeProvider _timeProvider;

    public WebhookPoster(HttpClient http, DeliveryRetry retry, TimeSpan attemptTimeout, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        retry.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(attemptTimeout, TimeSpan.Zero);
        _http = http;
        _retry = retry;
        _attemptTimeout = attemptTimeout;
        _timeProvider = timeProvider;
    }

    /// <param name="headers">Extra headers for every attempt (Event Grid's <c>aeg-event-type</c>, for instance).</param>
    public async Task<DeliveryResult> PostAsync(
        Uri url, ReadOnlyMemory<byte> body, string contentType, IReadOnlyDictionary<string, string> headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(headers);
        var media = MediaTypeHeaderValue.Parse(contentType);
        DeliveryResult last = new(DeliveryOutcome.Failed, null, 0);
        for (int attempt = 1; attempt <= _retry.MaxAttempts; attempt++)
        {
            await Task.Delay(_retry.DelayBefore(attempt), _timeProvider, cancellationToken);
            last = await AttemptAsync(url, body, media, headers, attempt, cancellationToken);
            if (last.Outcome != DeliveryOutcome.Failed)
            {
                return last;
            }
        }

        return last;
    }

    /// <summary>Whether an answer is worth trying again: Event Grid retries 408, 429 and every 5xx.</summary>
    public static bool IsRetryable(int statusCode) => statusCode is 408 or 429 or >= 500;

    private async Task<DeliveryResult> AttemptAsync(
        Uri url, ReadOnlyMemory<byte> body, MediaTypeHeaderValue media, IReadOnlyDictionary<string, string> headers, int attempt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = media;
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Headers.TryAddWithoutValidation(DeliveryCountHeader, (attempt - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_attemptTimeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            int status = (int)response.StatusCode;
            var outcome = response.IsSuccessStatusCode ? DeliveryOutcome.Delivered
                : IsRetryable(status) ? DeliveryOutcome.Failed
                : DeliveryOutcome.Rejected;
            return new DeliveryResult(outcome, status, attempt);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Our own per-attempt timeout, not the caller stopping: a receiver too slow to answer, as Event Grid counts it.
            return new DeliveryResult(DeliveryOutcome.Failed, null, attempt, ex.GetType().Name);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryResult(DeliveryOutcome.Failed, null, attempt, ex.GetType().Name);
        }
    }
}
