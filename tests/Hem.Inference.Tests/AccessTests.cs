using System.Net;
using Hem.Dicom.Series;

namespace Hem.Inference.Tests;

/// <summary>Who may call /v1: an API key, or a caller Container Apps authentication let through.</summary>
public sealed class AccessTests
{
    [Theory]
    [InlineData(null, "send the service's API key")]
    [InlineData("", "send the service's API key")]
    [InlineData("test-key-0123456789abcdeX", "does not hold the service's API key")]
    [InlineData("test-key", "does not hold the service's API key")]
    public async Task A_prediction_without_the_right_key_is_401(string? key, string detail)
    {
        await using var server = await InferenceServer.StartAsync();
        byte[] bytes = await StudyInputs.RequestBytesAsync(StudyInputs.Make(new GridSize(32, 32, 32)));

        var response = await server.PostAsync(InferenceServer.BundleContent(bytes), key: key);

        Assert.Equal("ApiKey header=\"X-Api-Key\"", response.Headers.WwwAuthenticate.ToString());
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthenticated", detail);
    }

    [Fact]
    public async Task The_model_card_needs_the_key_and_health_does_not()
    {
        await using var server = await InferenceServer.StartAsync();
        var ct = TestContext.Current.CancellationToken;

        await BadInputTests.AssertProblemAsync(await server.Http.GetAsync(new Uri("/v1/model", UriKind.Relative), ct), HttpStatusCode.Unauthorized, "unauthenticated", "API key");
        using var alive = await server.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        using var ready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Behind_container_apps_authentication_the_caller_principal_is_required_and_checked()
    {
        await using var server = await InferenceServer.StartAsync(new Dictionary<string, string>
        {
            ["Authentication"] = "ContainerApps",
            ["ApiKey"] = string.Empty,
            ["AllowedPrincipalIds:0"] = "7d1c6a52-52b4-4c5b-a3b0-6c4a1f0e9a11",
        });
        byte[] bytes = await StudyInputs.RequestBytesAsync(StudyInputs.Make(new GridSize(32, 32, 32)));

        await BadInputTests.AssertProblemAsync(await server.PostAsync(InferenceServer.BundleContent(bytes), key: null), HttpStatusCode.Unauthorized, "unauthenticated", "Entra ID bearer token");
        await BadInputTests.AssertProblemAsync(await SendAsPrincipalAsync(server, bytes, "00000000-0000-0000-0000-000000000001"), HttpStatusCode.Forbidden, "forbidden", "not allowed");
        using var allowed = await SendAsPrincipalAsync(server, bytes, "7D1C6A52-52B4-4C5B-A3B0-6C4A1F0E9A11");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    private static Task<HttpResponseMessage> SendAsPrincipalAsync(InferenceServer server, byte[] bytes, string principal)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/predictions", UriKind.Relative)) { Content = InferenceServer.BundleContent(bytes) };
        request.Headers.Add("X-MS-CLIENT-PRINCIPAL-ID", principal);
        return server.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
