using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Hem.Inference;

/// <summary>
/// Lets a caller into /v1 or answers 401 (problem details): an API key compared in constant time, or the caller
/// Container Apps authentication validated (its Entra ID object id in X-MS-CLIENT-PRINCIPAL-ID; the platform strips
/// that header from what clients send, which is why the mode is only for services behind it). Health endpoints
/// are not under /v1 and stay open.
/// </summary>
public sealed class CallerAuthentication(RequestDelegate next, IOptions<InferenceOptions> options)
{
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var settings = options.Value;
        IResult? refusal = settings.Authentication switch
        {
            RequestAuthentication.ApiKey => CheckKey(context, settings),
            RequestAuthentication.ContainerApps => CheckPrincipal(context, settings),
            _ => null,
        };
        if (refusal is null)
        {
            await next(context);
            return;
        }

        if (settings.Authentication == RequestAuthentication.ApiKey)
        {
            context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{InferenceOptions.ApiKeyHeader}\"";
        }

        await refusal.ExecuteAsync(context);
    }

    private static IResult? CheckKey(HttpContext context, InferenceOptions settings)
    {
        string? given = context.Request.Headers[InferenceOptions.ApiKeyHeader];
        if (string.IsNullOrEmpty(given))
        {
            return Problems.Unauthenticated($"send the service's API key in the {InferenceOptions.ApiKeyHeader} header");
        }

        byte[] expected = Encoding.UTF8.GetBytes(settings.ApiKey ?? string.Empty);
        byte[] actual = Encoding.UTF8.GetBytes(given);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? null : Problems.Unauthenticated($"the {InferenceOptions.ApiKeyHeader} header does not hold the service's API key");
    }

    private static IResult? CheckPrincipal(HttpContext context, InferenceOptions settings)
    {
        string? principal = context.Request.Headers[PrincipalIdHeader];
        if (string.IsNullOrEmpty(principal))
        {
            return Problems.Unauthenticated("no authenticated caller: send an Entra ID bearer token for this service's app registration");
        }

        if (settings.AllowedPrincipalIds.Count > 0 && !settings.AllowedPrincipalIds.Contains(principal, StringComparer.OrdinalIgnoreCase))
        {
            return Problems.Forbidden("the caller is authenticated but not allowed to use this service");
        }

        return null;
    }
}
