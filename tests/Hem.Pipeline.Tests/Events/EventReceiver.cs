using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hem.Pipeline.Tests.Events;

/// <summary>
/// A stand-in Event Grid topic: Kestrel on 127.0.0.1 with a free port, answering POST /api/events with 200 and
/// recording each request's body and headers as they arrived on the wire.
/// </summary>
internal sealed class EventReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private EventReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri TopicEndpoint => new(_app.Urls.Single().TrimEnd('/') + "/api/events");

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public static async Task<EventReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new EventReceiver(app);
        app.MapPost("/api/events", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
            var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._requests.Enqueue(new ReceivedRequest(BinaryData.FromBytes(body.ToArray()), headers));
            return Results.Ok();
        });
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(BinaryData Body, IReadOnlyDictionary<string, string> Headers);
