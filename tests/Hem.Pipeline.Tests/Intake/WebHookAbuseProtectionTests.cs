using Hem.Pipeline.Intake;

namespace Hem.Pipeline.Tests.Intake;

public sealed class WebHookAbuseProtectionTests
{
    // As Event Grid sends it for a CloudEvents subscription (CloudEvents http-webhook.md section 4.1).
    private static readonly Dictionary<string, string> EventGridRequest = new(StringComparer.OrdinalIgnoreCase)
    {
        ["webhook-request-origin"] = "eventgrid.azure.net",
        ["webhook-request-callback"] = "https://rp-eastus2.eventgrid.azure.net:553/eventsubscriptions/estest/validate?id=1&token=secret",
    };

    [Fact]
    public void An_options_request_from_Event_Grid_is_permitted_with_its_origin_and_a_rate()
    {
        var answer = WebHookAbuseProtection.ForEventGrid().Answer("OPTIONS", Header(EventGridRequest));

        Assert.NotNull(answer);
        Assert.True(answer.Permitted);
        Assert.Equal("eventgrid.azure.net", answer.ResponseHeaders["WebHook-Allowed-Origin"]);
        Assert.Equal("*", answer.ResponseHeaders["WebHook-Allowed-Rate"]);
        Assert.Equal("POST, OPTIONS", answer.ResponseHeaders["Allow"]);
        Assert.DoesNotContain(answer.ResponseHeaders.Values, value => value.Contains("secret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_configured_rate_is_granted_when_a_rate_is_asked_for()
    {
        var request = new Dictionary<string, string>(EventGridRequest, StringComparer.OrdinalIgnoreCase) { ["WebHook-Request-Rate"] = "600" };

        var answer = new WebHookAbuseProtection(["EventGrid.Azure.Net"], allowedRatePerMinute: 120).Answer("options", Header(request));

        Assert.True(answer!.Permitted);
        Assert.Equal("eventgrid.azure.net", answer.ResponseHeaders[WebHookAbuseProtection.AllowedOriginHeader]);
        Assert.Equal("120", answer.ResponseHeaders[WebHookAbuseProtection.AllowedRateHeader]);
    }

    [Fact]
    public void An_origin_not_configured_gets_no_permission_headers()
    {
        var request = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["WebHook-Request-Origin"] = "eventemitter.example.com" };

        var answer = WebHookAbuseProtection.ForEventGrid().Answer("OPTIONS", Header(request));

        Assert.False(answer!.Permitted);
        Assert.Equal(["Allow"], answer.ResponseHeaders.Keys);
    }

    [Fact]
    public void Any_origin_is_answered_with_an_asterisk_when_configured()
    {
        var request = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["WebHook-Request-Origin"] = "eventemitter.example.com" };

        var answer = new WebHookAbuseProtection([WebHookAbuseProtection.AnyOrigin]).Answer("OPTIONS", Header(request));

        Assert.True(answer!.Permitted);
        Assert.Equal("*", answer.ResponseHeaders[WebHookAbuseProtection.AllowedOriginHeader]);
    }

    [Theory]
    [InlineData("POST", true)]
    [InlineData("GET", true)]
    [InlineData("OPTIONS", false)]
    public void A_request_that_is_not_an_options_request_with_an_origin_is_not_a_handshake(string method, bool withOrigin)
    {
        var request = withOrigin ? EventGridRequest : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["WebHook-Request-Origin"] = " " };

        Assert.Null(WebHookAbuseProtection.ForEventGrid().Answer(method, Header(request)));
    }

    [Fact]
    public void A_rate_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebHookAbuseProtection([WebHookAbuseProtection.EventGridOrigin], 0));
    }

    private static Func<string, string?> Header(Dictionary<string, string> headers) => name => headers.GetValueOrDefault(name);
}
