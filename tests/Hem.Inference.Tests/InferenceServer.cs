using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hem.Prediction.Transport;
using Hem.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Inference.Tests;

/// <summary>The real service on a free loopback port, with settings for one test, and a client that calls it over HTTP.</summary>
internal sealed class InferenceServer : IAsyncDisposable
{
    public const string Key = "test-key-0123456789abcdef";

    private readonly WebApplication _app;

    private InferenceServer(WebApplication app, Uri address)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public static string ShippedModel => Path.Combine(RepositoryPaths.Root, "models", "hem-expansion");

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The service built with these settings (keys under "Inference:"), not started.</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>
        {
            ["ModelPath"] = ShippedModel,
            ["ApiKey"] = Key,
            ["ExecutionProvider"] = "Cpu",
            ["IntraOpThreads"] = "2",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string>())
        {
            all[k] = v;
        }

        string[] args = ["--urls", "http://127.0.0.1:0", .. all.Select(p => $"--Inference:{p.Key}={p.Value}")];
        return InferenceApp.Build(args);
    }

    public static async Task<InferenceServer> StartAsync(IReadOnlyDictionary<string, string>? settings = null, bool waitReady = true)
    {
        var app = Build(settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var server = new InferenceServer(app, new Uri(address));
        if (waitReady)
        {
            await server.WaitAsync(ready: true);
        }

        return server;
    }

    /// <summary>Polls /readyz until it says ready (or, with ready false, until warm-up has given its verdict).</summary>
    public async Task<HttpResponseMessage> WaitAsync(bool ready)
    {
        for (int i = 0; ; i++)
        {
            var response = await Http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            string body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            bool warming = body.Contains("warming up", StringComparison.Ordinal) || body.Contains("is loading", StringComparison.Ordinal);
            if ((ready && response.StatusCode == HttpStatusCode.OK) || (!ready && !warming) || i >= 600)
            {
                return response;
            }

            response.Dispose();
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Polls /readyz until this many predictions hold a slot (a stalled request has arrived and holds its own).</summary>
    public async Task WaitForInFlightAsync(int count)
    {
        for (int i = 0; i < 600; i++)
        {
            using var ready = await Http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            if (body.RootElement.GetProperty("predictionsInFlight").GetInt32() == count)
            {
                return;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"the service never had {count} predictions in flight");
    }

    /// <summary>POST /v1/predictions with this body, content type and key (the service's key unless given).</summary>
    public Task<HttpResponseMessage> PostAsync(HttpContent content, string query = "", string? key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/predictions" + query, UriKind.Relative)) { Content = content };
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }

        return Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static ByteArrayContent BundleContent(byte[] bytes, string mediaType = VolumeBundle.MediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
