using Hem.Pipeline.Backfill;
using Hem.Pipeline.Health;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace Hem.LocalHost.Hosting;

/// <summary>
/// The local host's HTTP API, the same routes and answers as the Functions app (docs/ARCHITECTURE.md, "Functions
/// app"), over the same Hem.Pipeline classes. No keys: it listens on loopback only.
/// </summary>
internal static class LocalEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/events", IntakeAsync);
        app.MapMethods("/api/events", [HttpMethods.Options], Handshake);
        app.MapGet("/api/studies/{name}", StatusAsync);
        app.MapPost("/api/studies/{name}/rerun", RerunAsync);
        app.MapGet("/api/health", HealthAsync);
        app.MapPost("/api/backfills", StartBackfillAsync);
        app.MapGet("/api/backfills/{id}", BackfillStatusAsync);
        app.MapPost("/api/backfills/{id}/cancel", CancelBackfillAsync);
    }

    private static async Task<IResult> StartBackfillAsync(HttpRequest request, [FromServices] BackfillRuns runs, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        BackfillRequest? body;
        try
        {
            body = await request.ReadFromJsonAsync<BackfillRequest>(cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Results.Problem("The body is not a JSON backfill request: " + ex.Message, statusCode: StatusCodes.Status400BadRequest, title: "Not a backfill request");
        }

        var start = await runs.StartAsync(client, body ?? new BackfillRequest(), cancellationToken);
        return start.Id is { } id
            ? Results.Accepted($"/api/backfills/{id}", new { id })
            : Results.Problem(string.Join("; ", start.Problems), statusCode: StatusCodes.Status400BadRequest, title: "The backfill cannot run");
    }

    private static async Task<IResult> BackfillStatusAsync(string id, [FromServices] DurableTaskClient client, CancellationToken cancellationToken) =>
        await BackfillRuns.StatusAsync(client, id, cancellationToken) is { } status
            ? Results.Ok(status)
            : Results.Problem("No backfill has this id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown backfill");

    private static async Task<IResult> CancelBackfillAsync(string id, [FromServices] DurableTaskClient client, CancellationToken cancellationToken) =>
        await BackfillRuns.CancelAsync(client, id, cancellationToken)
            ? Results.Accepted($"/api/backfills/{id}", new { id })
            : Results.Problem("No backfill by this id is running.", statusCode: StatusCodes.Status404NotFound, title: "No running backfill");

    private static async Task<IResult> IntakeAsync(HttpRequest request, [FromServices] IntakeHandler handler, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        var body = await BinaryData.FromStreamAsync(request.Body, cancellationToken);
        return await handler.HandleAsync(body, request.ContentType, client, cancellationToken) switch
        {
            IntakeOutcome.Malformed malformed => Results.Problem(malformed.Problem, statusCode: StatusCodes.Status400BadRequest, title: "Malformed event delivery"),
            IntakeOutcome.Validation validation => Results.Content(validation.ResponseBody, "application/json", statusCode: StatusCodes.Status200OK),
            IntakeOutcome.Accepted accepted => Results.Json(accepted.Summary, statusCode: StatusCodes.Status202Accepted),
            _ => throw new InvalidOperationException("an intake outcome this host does not know"),
        };
    }

    private static IResult Handshake(HttpRequest request, HttpResponse response, [FromServices] WebHookAbuseProtection protection)
    {
        var answer = protection.Answer(request.Method, name => request.Headers[name].ToString());
        if (answer is null)
        {
            return Results.Problem($"OPTIONS needs the {WebHookAbuseProtection.RequestOriginHeader} header", statusCode: StatusCodes.Status400BadRequest, title: "Not a webhook handshake");
        }

        foreach (var (name, value) in answer.ResponseHeaders)
        {
            response.Headers[name] = value;
        }

        return Results.Ok();
    }

    private static async Task<IResult> StatusAsync(string name, [FromServices] StudyRuns runs, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!StudyRuns.IsRunName(name))
        {
            return NotARunName();
        }

        var status = await runs.StatusAsync(client, name, cancellationToken);
        return status is null ? Unknown() : Results.Ok(status);
    }

    private static async Task<IResult> RerunAsync(string name, [FromServices] StudyRuns runs, [FromServices] DurableTaskClient client, CancellationToken cancellationToken)
    {
        if (!StudyRuns.IsRunName(name))
        {
            return NotARunName();
        }

        var outcome = await runs.RerunAsync(client, name, cancellationToken);
        return outcome.Result switch
        {
            RerunResult.Unknown => Unknown(),
            RerunResult.StillRunning => Results.Problem($"The run is {outcome.RuntimeStatus}; only a Completed, Failed or Terminated run can be started again.", statusCode: StatusCodes.Status409Conflict, title: "The run has not ended"),
            _ => Results.Accepted($"/api/studies/{outcome.InstanceId}", new { instanceId = outcome.InstanceId }),
        };
    }

    private static async Task<IResult> HealthAsync([FromServices] HealthReporter reporter, CancellationToken cancellationToken)
    {
        var report = await reporter.CheckAsync(cancellationToken);
        return Results.Json(report, statusCode: report.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static IResult Unknown() => Results.Problem("No pipeline run has this study key or instance id.", statusCode: StatusCodes.Status404NotFound, title: "Unknown run");

    private static IResult NotARunName() =>
        Results.Problem("Name a run by its study key (32 hex digits, or research- and 32 hex digits) or its instance id (study- and 32 hex digits).", statusCode: StatusCodes.Status400BadRequest, title: "Not a study key or instance id");
}
