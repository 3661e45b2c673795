using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Inference.Tests;

/// <summary>Starts the real service on a free loopback port and calls it over HTTP.</summary>
public sealed class InferenceAppTests : IAsyncLifetime
{
    private WebApplication? _app;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync()
    {
        _app = InferenceApp.Build(["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        string address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _http.BaseAddress = new Uri(address);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Healthz_says_alive()
    {
        using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("alive", body.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_refuses_with_problem_details_while_no_model_is_loaded()
    {
        using var response = await _http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Contains("No model is loaded", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
