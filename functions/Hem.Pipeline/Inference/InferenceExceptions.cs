using System.Net;

namespace Hem.Pipeline.Inference;

/// <summary>
/// The inference service could not answer now but may later: overloaded, not ready or timed out (503, with
/// <see cref="RetryAfter"/> when it said), a gateway's 502 or 504, 408, 429, 500, no connection, a connection broken
/// while reading, or no answer within the client's time limit. Retry it.
/// </summary>
public sealed class TransientInferenceException : Exception
{
    public TransientInferenceException()
    {
    }

    public TransientInferenceException(string message)
        : base(message)
    {
    }

    public TransientInferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TransientInferenceException(string message, HttpStatusCode? statusCode, string? problemType, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ProblemType = problemType;
        RetryAfter = retryAfter;
    }

    /// <summary>The HTTP status; null when no answer came.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The problem details' <c>type</c> (<c>urn:hem:inference:overloaded</c> and so on), when the answer had one.</summary>
    public string? ProblemType { get; }

    /// <summary>How long the service asked the caller to wait (its <c>Retry-After</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}

/// <summary>
/// Sending the same request again cannot succeed: the service refused it (every 4xx but 408 and 429, and any other
/// error status, with the problem details' <c>type</c> and <c>detail</c>; 401 and 403 are configuration errors), or
/// its answer is not a valid prediction for the request (not a volume bundle, another grid, headers missing). Do not
/// retry.
/// </summary>
public sealed class PermanentInferenceException : Exception
{
    public PermanentInferenceException()
    {
    }

    public PermanentInferenceException(string message)
        : base(message)
    {
    }

    public PermanentInferenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PermanentInferenceException(string message, HttpStatusCode statusCode, string? problemType, string? detail, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ProblemType = problemType;
        Detail = detail;
    }

    /// <summary>The HTTP status of the answer (200 for an answer that is not a valid prediction).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The problem details' <c>type</c> (<c>urn:hem:inference:wrong-geometry</c> and so on), when the answer had one.</summary>
    public string? ProblemType { get; }

    /// <summary>The problem details' <c>detail</c>: the fault, never a value from the payload.</summary>
    public string? Detail { get; }
}
