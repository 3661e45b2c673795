using System.Text.Json;
using Hem.Pipeline.Backfill;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Hem.Functions;

/// <summary>
/// Backfills (<see cref="BackfillRuns"/>, shared with the local host): <c>POST /api/backfills</c> starts one from a JSON
/// <see cref="BackfillRequest"/> (202 with its id, 400 with the request's problems), <c>GET /api/backfills/{id}</c>
/// answers its status and progress, <c>POST /api/backfills/{id}/cancel</c> stops it from starting more studies.
/// </summary>
public sealed class BackfillFunctions(BackfillRuns runs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Function("BackfillStart")]
    public async Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "backfills")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        BackfillRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<BackfillRequest>(request.Body, Json, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "Not a backfill request", "The body is not a JSON backfill request: " + ex.Message);
        }

        var start = await runs.StartAsync(client, body ?? new BackfillRequest(), cancellationToken);
        return start.Id is { } id
            ? new AcceptedResult(new Uri($"/api/backfills/{id}", UriKind.Relative), new { id })
            : Problems.Of(StatusCodes.Status400BadRequest, "The backfill cannot run", string.Join("; ", start.Problems));
    }

    [Function("BackfillStatus")]
    public static async Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "backfills/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken)
    {
        var status = await BackfillRuns.StatusAsync(client, id, cancellationToken);
        return status is null ? Unknown() : new OkObjectResult(status);
    }

    [Function("BackfillCancel")]
    public static async Task<IActionResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "backfills/{id}/cancel")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        await BackfillRuns.CancelAsync(client, id, cancellationToken)
            ? new AcceptedResult(new Uri($"/api/backfills/{id}", UriKind.Relative), new { id })
            : Problems.Of(StatusCodes.Status404NotFound, "No running backfill", "No backfill by this id is running.");

    private static ObjectResult Unknown() => Problems.Of(StatusCodes.Status404NotFound, "Unknown backfill", "No backfill has this id.");
}
