using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.Tests.Hosting;

/// <summary>
/// A pass-through proxy on 127.0.0.1 in front of the real inference service: it counts prediction requests and, when
/// closed, holds each one until it is opened, so a test can stop a host while its orchestration is in the predict step.
/// </summary>
internal sealed class InferenceGate : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;
    private readonly object _lock = new();
    private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _predictions;

    private InferenceGate(WebApplication app, Uri upstream)
    {
        _app = app;
        _upstream = new HttpClient { BaseAddress = upstream, Timeout = TimeSpan.FromMinutes(2) };
        Open();
    }

    public Uri Url => new(_app.Urls.Single().TrimEnd('/') + "/");

    /// <summary>Prediction requests that reached the gate.</summary>
    public int Predictions => Volatile.Read(ref _predictions);

    public static async Task<InferenceGate> StartAsync(Uri upstream, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0"]);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gate = new InferenceGate(app, upstream);
        app.Map("/{**path}", gate.ForwardAsync);
        await app.StartAsync(cancellationToken);
        return gate;
    }

    /// <summary>From now on prediction requests wait at the gate.</summary>
    public void Close()
    {
        lock (_lock)
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets every waiting and later request through.</summary>
    public void Open()
    {
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    /// <summary>Completes when a prediction request is waiting at the closed gate.</summary>
    public Task Held
    {
        get
        {
            lock (_lock)
            {
                return _held.Task;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Open();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        if (HttpMethods.IsPost(request.Method))
        {
            Interlocked.Increment(ref _predictions);
            Task open;
            lock (_lock)
            {
                open = _open.Task;
                if (!open.IsCompleted)
                {
                    _held.TrySetResult();
                }
            }

            await open.WaitAsync(context.RequestAborted);
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Path + request.QueryString);
        if (request.ContentLength is > 0 || request.Headers.ContainsKey("Transfer-Encoding"))
        {
            var body = new MemoryStream();
            await request.Body.CopyToAsync(body, context.RequestAborted);
            body.Position = 0;
            forward.Content = new StreamContent(body);
            foreach (var header in request.Headers.Where(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
            {
                forward.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        foreach (var header in request.Headers.Where(h => h.Key.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || h.Key == "Accept"))
        {
            forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
        }

        using var answer = await _upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)answer.StatusCode;
        foreach (var header in answer.Headers.Concat(answer.Content.Headers))
        {
            context.Response.Headers[header.Key] = header.Value.ToArray();
        }

        context.Response.Headers.Remove("Transfer-Encoding");
        await answer.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
