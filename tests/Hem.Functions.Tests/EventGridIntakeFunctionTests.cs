using System.Text;
using System.Text.Json;
using Hem.Pipeline.Intake;
using Hem.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hem.Functions.Tests;

/// <summary>The webhook function on plain ASP.NET Core requests and a recording Durable client (no Functions host).</summary>
public sealed class EventGridIntakeFunctionTests
{
    private readonly RecordingDurableClient _client = new();

    private static EventGridIntakeFunction Function() =>
        new(new IntakeHandler(new EventIntake(new IntakeFilter()), NullLogger<IntakeHandler>.Instance), WebHookAbuseProtection.ForEventGrid());

    private static HttpRequest Request(string method, string? body = null, string contentType = "application/json")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        if (body is not null)
        {
            context.Request.ContentType = contentType;
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        return context.Request;
    }

    private static string Payload(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "Hem.Pipeline.Tests", "Intake", "Payloads", name));

    [Fact]
    public async Task A_batch_starts_each_new_submission_once_and_answers_counts_only()
    {
        string batch = Payload("eventgrid-batch.json");
        var first = Assert.IsType<ObjectResult>(await Function().RunAsync(Request("POST", batch), _client, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status202Accepted, first.StatusCode);
        var summary = Assert.IsType<IntakeSummary>(first.Value);
        Assert.Equal(3, summary.Started);
        Assert.Equal(0, summary.AlreadyKnown);
        Assert.Equal(3, summary.IgnoredTotal);
        Assert.All(_client.Scheduled, s => Assert.Equal("StudyPipeline", s.Name.Name));
        Assert.DoesNotContain("study-0002", JsonSerializer.Serialize(summary), StringComparison.Ordinal);

        // A redelivery finds the instances and starts nothing.
        foreach (var scheduled in _client.Scheduled)
        {
            _client.Existing.Add(scheduled.InstanceId!);
        }

        var again = Assert.IsType<ObjectResult>(await Function().RunAsync(Request("POST", batch), _client, TestContext.Current.CancellationToken));
        var repeated = Assert.IsType<IntakeSummary>(again.Value);
        Assert.Equal(0, repeated.Started);
        Assert.Equal(3, repeated.AlreadyKnown);
        Assert.Equal(3, _client.Scheduled.Count);
    }

    [Fact]
    public async Task A_validation_event_is_answered_with_its_code_and_starts_nothing()
    {
        var result = Assert.IsType<ContentResult>(await Function().RunAsync(Request("POST", Payload("eventgrid-subscription-validation.json")), _client, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", JsonDocument.Parse(result.Content!).RootElement.GetProperty("validationResponse").GetString());
        Assert.Empty(_client.Scheduled);
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_problem_that_does_not_echo_the_body()
    {
        var result = Assert.IsType<ObjectResult>(await Function().RunAsync(Request("POST", "{\"Doe^John\": "), _client, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        var problem = Assert.IsType<ProblemDetails>(result.Value);
        Assert.DoesNotContain("Doe", problem.Detail ?? string.Empty, StringComparison.Ordinal);
        Assert.Empty(_client.Scheduled);
    }

    [Fact]
    public async Task OPTIONS_from_Event_Grid_is_answered_with_the_webhook_permission_headers()
    {
        var request = Request("OPTIONS");
        request.Headers[WebHookAbuseProtection.RequestOriginHeader] = WebHookAbuseProtection.EventGridOrigin;

        var result = await Function().RunAsync(request, _client, TestContext.Current.CancellationToken);

        Assert.IsType<OkResult>(result);
        var headers = request.HttpContext.Response.Headers;
        Assert.Equal(WebHookAbuseProtection.EventGridOrigin, headers[WebHookAbuseProtection.AllowedOriginHeader].ToString());
        Assert.Equal("*", headers[WebHookAbuseProtection.AllowedRateHeader].ToString());
    }
}
