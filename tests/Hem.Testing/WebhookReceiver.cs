using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using Xunit;

namespace Hem.Testing;

/// <summary>
/// A webhook (or a stand-in Event Grid topic) on Kestrel at 127.0.0.1 (free port), <c>POST /api/events</c>, that records
/// every request's body and headers as they arrived on the wire and answers with the status codes it is told, in
/// order, then with <see cref="DefaultStatus"/>. <see cref="HoldFrom"/> makes requests wait.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentQueue<int> _answers = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _received;
    private int _holdFrom = int.MaxValue;

    private WebhookReceiver(WebApplication app)
    {
        _app = app;
    }

    public Uri Url => new(_app.Urls.Single().TrimEnd('/') + "/api/events");

    public int DefaultStatus { get; set; } = StatusCodes.Status200OK;

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public static async Task<WebhookReceiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/api/events", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        return receiver;
    }

    /// <summary>The next requests get these statuses, one each.</summary>
    public void Answer(params int[] statuses)
    {
        foreach (int status in statuses)
        {
            _answers.Enqueue(status);
        }
    }

    /// <summary>Request number <paramref name="requestNumber"/> (from 1) and later ones are recorded, then wait for <see cref="Release"/>.</summary>
    public void HoldFrom(int requestNumber) => Volatile.Write(ref _holdFrom, requestNumber);

    public void Release() => _released.TrySetResult();

    /// <summary>Waits until at least <paramref name="count"/> requests arrived; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (_requests.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_requests.Count} of {count} requests arrived within {timeout.TotalSeconds} s");
            await Task.Delay(20, cancellationToken);
        }

        return Requests;
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        int number = Interlocked.Increment(ref _received);
        _requests.Enqueue(new ReceivedRequest(BinaryData.FromBytes(body.ToArray()), headers));
        if (number >= Volatile.Read(ref _holdFrom))
        {
            await _released.Task.WaitAsync(request.HttpContext.RequestAborted);
        }

        return Results.StatusCode(_answers.TryDequeue(out int status) ? status : DefaultStatus);
    }
}

public sealed record ReceivedRequest(BinaryData Body, IReadOnlyDictionary<string, string> Headers)
{
    public string ContentType => Headers["Content-Type"];

    public int DeliveryCount => int.Parse(Headers["aeg-delivery-count"], System.Globalization.CultureInfo.InvariantCulture);
}
