using Hem.Pipeline.Configuration;
using Hem.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Health;

public static class HealthServiceCollectionExtensions
{
    /// <summary>The container whose existence the storage probe checks: where studies arrive.</summary>
    public const string IncomingContainer = "incoming";

    private static readonly TimeSpan PerCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Registers the health reporter with a storage probe and an inference-service probe.</summary>
    public static IServiceCollection AddHemHealth(this IServiceCollection services, IConfiguration configuration, string serviceName, string version)
    {
        services.AddHttpClient(nameof(InferenceServiceCheck), client => client.Timeout = PerCheckTimeout);
        services.AddSingleton(sp =>
        {
            var storage = BlobServiceClientFactory.FromConfiguration(configuration, SettingNames.Storage);
            string? inferenceUrl = configuration[SettingNames.InferenceBaseUrl];
            Uri? inference = string.IsNullOrWhiteSpace(inferenceUrl) ? null : new Uri(EnsureTrailingSlash(inferenceUrl));
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(InferenceServiceCheck));
            IDependencyCheck[] checks = [new BlobStorageCheck(storage, IncomingContainer), new InferenceServiceCheck(http, inference)];
            return new HealthReporter(serviceName, version, checks, PerCheckTimeout);
        });
        return services;
    }

    private static string EnsureTrailingSlash(string url) => url.EndsWith('/') ? url : url + "/";
}
