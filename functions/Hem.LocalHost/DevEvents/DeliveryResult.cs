namespace Hem.LocalHost.DevEvents;

/// <summary>How a webhook delivery ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>The receiver refused the request (a 4xx other than 408 and 429, or a redirect): trying again cannot help.</summary>
    Rejected,

    /// <summary>Every attempt got a 408, 429 or 5xx, a timeout or no answer: the receiver may take it later.</summary>
    Failed,
}

/// <summary>
/// The end of one delivery: the outcome, the last status code (none when the last attempt got no answer), the attempts
/// made, and for no answer the exception's type name (never its message, which may quote a URL).
/// </summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, int? StatusCode, int Attempts, string? ErrorType = null);
