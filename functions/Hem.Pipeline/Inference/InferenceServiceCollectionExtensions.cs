using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Inference;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="InferenceClient"/> as a typed HttpClient with its options from configuration
    /// (<c>Hem:InferenceBaseUrl</c>, <c>Hem:InferenceApiKey</c>). The options are read when the client is first
    /// resolved, so a missing URL fails the Predict step, not the host's start.
    /// </summary>
    public static IServiceCollection AddInferenceClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => InferenceClientOptions.FromConfiguration(configuration));
        // The client's own per-call limit applies; HttpClient's 100 s default would cut a long prediction short.
        services.AddHttpClient<InferenceClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
