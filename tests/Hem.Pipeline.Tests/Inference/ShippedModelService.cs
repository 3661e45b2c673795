using Hem.Inference.Tests;
using Hem.Pipeline.Inference;

namespace Hem.Pipeline.Tests.Inference;

/// <summary>The real inference service serving the shipped model on the CPU, shared by a test class.</summary>
public sealed class ShippedModelService : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    internal InferenceServer Server { get; private set; } = null!;

    public Uri BaseUrl => Server.Http.BaseAddress!;

    /// <summary>A client of the service at <paramref name="baseUrl"/> over one shared HttpClient.</summary>
    public static InferenceClient ClientFor(Uri baseUrl, string? key = InferenceServer.Key, TimeSpan? timeout = null) =>
        new(Http, new InferenceClientOptions(baseUrl, key, timeout));

    public InferenceClient Client(string? key = InferenceServer.Key) => ClientFor(BaseUrl, key);

    public async ValueTask InitializeAsync() => Server = await InferenceServer.StartAsync();

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
