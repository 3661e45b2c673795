using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Answers a publish request as an Event Grid topic with CloudEvents input does: 401 without the right
/// <c>aeg-sas-key</c>, 413 over 1 MB, 400 when any event is not a CloudEvent 1.0 (and then nothing is taken), otherwise
/// every event is appended to the events file, queued for the subscribers, and the answer is 200 with no body.
/// </summary>
public sealed partial class LocalEventTopicRequestHandler(
    LocalEventTopicOptions options, TopicKeyCheck key, EventsJournal journal, SubscriberDispatcher dispatcher, ILogger<LocalEventTopicRequestHandler> logger)
{
    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!key.Matches(request.Headers[TopicKeyCheck.HeaderName].ToString()))
        {
            LogRefused(logger, StatusCodes.Status401Unauthorized);
            return Error(StatusCodes.Status401Unauthorized, "Unauthorized", "The request carries no valid aeg-sas-key for this topic.");
        }

        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            LogRefused(logger, StatusCodes.Status413PayloadTooLarge);
            return Error(StatusCodes.Status413PayloadTooLarge, "RequestEntityTooLarge", $"A publish request is at most {options.MaxRequestBytes} bytes.");
        }

        IReadOnlyList<TopicEvent> events;
        try
        {
            events = CloudEventBatchReader.Read(body.Value);
        }
        catch (InvalidTopicRequestException ex)
        {
            LogRefused(logger, StatusCodes.Status400BadRequest);
            return Error(StatusCodes.Status400BadRequest, "BadRequest", ex.Message);
        }

        // Journal first: a 200 means the event is on disk, whatever becomes of its deliveries.
        await journal.AppendAsync(events, cancellationToken);
        dispatcher.Enqueue(events);
        LogAccepted(logger, events.Count);
        return Results.Ok();
    }

    // Event Grid's error body: {"error": {"code", "message"}}.
    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    /// <summary>The body, or null when it is larger than the limit (read no further than one byte past it).</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > options.MaxRequestBytes)
        {
            return null;
        }

        var body = new ArrayBufferWriter<byte>();
        while (body.WrittenCount <= options.MaxRequestBytes)
        {
            int read = await request.Body.ReadAsync(body.GetMemory(16 * 1024), cancellationToken);
            if (read == 0)
            {
                return body.WrittenMemory;
            }

            body.Advance(read);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Local topic: {Count} event(s) accepted")]
    private static partial void LogAccepted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Local topic: a publish request was refused with {Status}")]
    private static partial void LogRefused(ILogger logger, int status);
}
