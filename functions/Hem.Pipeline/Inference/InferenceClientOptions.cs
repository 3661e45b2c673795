using Hem.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace Hem.Pipeline.Inference;

/// <summary>
/// Where the inference service is, the key it wants and how long one call may take. A class rather than a record so
/// that the key never appears in a generated ToString.
/// </summary>
public sealed class InferenceClientOptions
{
    /// <summary>Longer than the service's own limit (120 s by default), so its 503 timeout arrives first.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(150);

    public InferenceClientOptions(Uri baseUrl, string? apiKey = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException("the inference service's base URL must be an absolute http or https URL", nameof(baseUrl));
        }

        if (timeout is { } t && t <= TimeSpan.Zero && t != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "the per-call timeout must be positive");
        }

        // Relative paths resolve below the base only when it ends in a slash.
        BaseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        ApiKey = string.IsNullOrEmpty(apiKey) ? null : apiKey;
        Timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>The service's base URL, ending in a slash.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Sent as <c>X-Api-Key</c> when set.</summary>
    public string? ApiKey { get; }

    /// <summary>The limit on one call, sending the request and reading the answer included.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The options from <see cref="SettingNames.InferenceBaseUrl"/> and <see cref="SettingNames.InferenceApiKey"/>.</summary>
    public static InferenceClientOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? url = configuration[SettingNames.InferenceBaseUrl];
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var baseUrl))
        {
            throw new InvalidOperationException($"{SettingNames.InferenceBaseUrl} must be set to the inference service's absolute base URL");
        }

        return new InferenceClientOptions(baseUrl, configuration[SettingNames.InferenceApiKey]);
    }
}
