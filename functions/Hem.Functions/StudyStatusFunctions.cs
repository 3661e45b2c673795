using Hem.Pipeline.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Hem.Functions;

/// <summary>
/// A pipeline run by its study key (the newest run of the study) or by its orchestration instance id (the
/// <c>instanceId</c> of every result event): <c>GET /api/studies/{name}</c> answers its status (state, step, outputs,
/// outcome or error type), and <c>POST /api/studies/{name}/rerun</c> (admin key) starts an ended run again with its
/// original input. The logic is <see cref="StudyRuns"/>, shared with the local host.
/// </summary>
public sealed class StudyStatusFunctions(StudyRuns runs)
{
    [Function("StudyStatus")]
    public async Task<IActionResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "studies/{name}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string name,
        CancellationToken cancellationToken)
    {
        if (!StudyRuns.IsRunName(name))
        {
            return NotARunName();
        }

        var status = await runs.StatusAsync(client, name, cancellationToken);
        return status is null ? Unknown() : new OkObjectResult(status);
    }

    [Function("StudyRerun")]
    public async Task<IActionResult> RerunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "studies/{name}/rerun")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string name,
        CancellationToken cancellationToken)
    {
        if (!StudyRuns.IsRunName(name))
        {
            return NotARunName();
        }

        var outcome = await runs.RerunAsync(client, name, cancellationToken);
        return outcome.Result switch
        {
            RerunResult.Unknown => Unknown(),
            RerunResult.StillRunning => Problems.Of(StatusCodes.Status409Conflict, "The run has not ended", $"The run is {outcome.RuntimeStatus}; only a Completed, Failed or Terminated run can be started again."),
            _ => new AcceptedResult(new Uri($"/api/studies/{outcome.InstanceId}", UriKind.Relative), new { instanceId = outcome.InstanceId }),
        };
    }

    private static ObjectResult Unknown() => Problems.Of(StatusCodes.Status404NotFound, "Unknown run", "No pipeline run has this study key or instance id.");

    private static ObjectResult NotARunName() =>
        Problems.Of(StatusCodes.Status400BadRequest, "Not a study key or instance id", "Name a run by its study key (32 hex digits, or research- and 32 hex digits) or its instance id (study- and 32 hex digits).");
}
