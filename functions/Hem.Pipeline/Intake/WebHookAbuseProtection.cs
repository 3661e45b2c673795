using System.Globalization;

namespace Hem.Pipeline.Intake;

/// <summary>
/// The CloudEvents 1.0 webhook abuse-protection handshake (CloudEvents http-webhook.md section 4), which Event Grid
/// uses instead of its validation event when it delivers CloudEvents: an HTTP OPTIONS request with
/// <c>WebHook-Request-Origin</c>, answered with <c>WebHook-Allowed-Origin</c> and <c>WebHook-Allowed-Rate</c> when
/// delivery is welcome. This says which headers to answer with; the HTTP function writes them with 200.
/// </summary>
/// <remarks>
/// The handshake protects the sender from being aimed at an endpoint that does not want its traffic; it does not
/// authenticate the sender (that is the webhook's key or Entra ID). Permission is withheld from an origin not
/// configured: the answer then carries no permission headers, which the sender reads as a refusal whatever the status.
/// </remarks>
public sealed class WebHookAbuseProtection
{
    public const string RequestOriginHeader = "WebHook-Request-Origin";
    public const string AllowedOriginHeader = "WebHook-Allowed-Origin";
    public const string AllowedRateHeader = "WebHook-Allowed-Rate";

    /// <summary>The origin Event Grid sends in <c>WebHook-Request-Origin</c>.</summary>
    public const string EventGridOrigin = "eventgrid.azure.net";

    /// <summary>Configured as an origin: any origin may deliver, and the answer says so with <c>*</c>.</summary>
    public const string AnyOrigin = "*";

    private readonly HashSet<string> _allowedOrigins;
    private readonly string _allowedRate;

    /// <param name="allowedOrigins">DNS names whose deliveries are welcome (compared ignoring case), or <see cref="AnyOrigin"/>.</param>
    /// <param name="allowedRatePerMinute">The granted rate in requests per minute; null grants any rate (<c>*</c>).</param>
    public WebHookAbuseProtection(IEnumerable<string> allowedOrigins, int? allowedRatePerMinute = null)
    {
        ArgumentNullException.ThrowIfNull(allowedOrigins);
        _allowedOrigins = new HashSet<string>(allowedOrigins.Select(origin => origin.Trim()), StringComparer.OrdinalIgnoreCase);
        if (allowedRatePerMinute is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(allowedRatePerMinute), "a granted rate is a positive number of requests per minute");
        }

        _allowedRate = allowedRatePerMinute?.ToString(CultureInfo.InvariantCulture) ?? "*";
    }

    /// <summary>Welcomes Event Grid only, at any rate.</summary>
    public static WebHookAbuseProtection ForEventGrid() => new([EventGridOrigin]);

    /// <summary>
    /// The answer to a request, or null when it is not a handshake (not OPTIONS, or no <c>WebHook-Request-Origin</c>).
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="requestHeader">Looks a request header up by name (ignoring case, as HTTP does); null or empty when absent.</param>
    public WebHookHandshakeAnswer? Answer(string method, Func<string, string?> requestHeader)
    {
        ArgumentNullException.ThrowIfNull(requestHeader);
        string? origin = requestHeader(RequestOriginHeader)?.Trim();
        if (!string.Equals(method, "OPTIONS", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(origin))
        {
            return null;
        }

        // The spec asks the OPTIONS answer to say that POST is how events are delivered.
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Allow"] = "POST, OPTIONS" };
        bool anyOrigin = _allowedOrigins.Contains(AnyOrigin);
        if (!anyOrigin && !_allowedOrigins.Contains(origin))
        {
            return new WebHookHandshakeAnswer(false, headers);
        }

        // Echoing the origin only after it matched a configured name keeps request text out of the response.
        headers[AllowedOriginHeader] = anyOrigin ? AnyOrigin : origin;
        headers[AllowedRateHeader] = _allowedRate;
        return new WebHookHandshakeAnswer(true, headers);
    }
}
