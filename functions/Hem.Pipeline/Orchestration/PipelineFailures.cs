using Azure;
using Hem.Pipeline.Inference;
using Microsoft.DurableTask;

namespace Hem.Pipeline.Orchestration;

/// <summary>The submitted blob was changed or deleted after submission: this run cannot go on (a new ETag is a new run). Permanent.</summary>
public sealed class InputChangedException : Exception
{
    public InputChangedException()
    {
    }

    public InputChangedException(string message)
        : base(message)
    {
    }

    public InputChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Blob storage or the event topic failed in a way worth retrying (5xx, 408, 429, no answer, a timeout or a broken connection).</summary>
public sealed class TransientServiceException : Exception
{
    public TransientServiceException()
    {
    }

    public TransientServiceException(string message)
        : base(message)
    {
    }

    public TransientServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Which activity failures are retried, and how Azure SDK errors become the pipeline's exceptions.</summary>
public static class PipelineFailures
{
    private static readonly string[] TransientTypes =
    [
        typeof(TransientInferenceException).FullName!,
        typeof(TransientServiceException).FullName!,
    ];

    /// <summary>
    /// True for a failure worth retrying. Compares the recorded exception type's name (the worker records the full
    /// name), so it does not depend on loading types.
    /// </summary>
    public static bool IsTransient(TaskFailureDetails failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return TransientTypes.Contains(failure.ErrorType, StringComparer.Ordinal);
    }

    /// <summary>The Durable Task retry policy for <paramref name="retry"/>: transient failures only.</summary>
    public static RetryPolicy Policy(PipelineRetry retry)
    {
        ArgumentNullException.ThrowIfNull(retry);
        return new RetryPolicy(retry.MaxAttempts, retry.FirstInterval, retry.BackoffCoefficient, retry.MaxInterval)
        {
            HandleFailure = IsTransient,
        };
    }

    /// <summary>Runs a call to blob storage or the event topic, turning a transient failure into <see cref="TransientServiceException"/>.</summary>
    public static async Task<T> ServiceCallAsync<T>(string what, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (RequestFailedException ex) when (ex.Status is 408 or 429 or >= 500 or 0)
        {
            throw new TransientServiceException($"a service call failed while {what} (HTTP {ex.Status}, {ex.ErrorCode})", ex);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or HttpRequestException or AggregateException)
        {
            throw new TransientServiceException($"a service call failed while {what}: {ex.GetType().Name}", ex);
        }
    }

    /// <summary><see cref="ServiceCallAsync{T}(string, Func{Task{T}})"/> without a result.</summary>
    public static Task ServiceCallAsync(string what, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return ServiceCallAsync(what, async () =>
        {
            await call();
            return true;
        });
    }
}
