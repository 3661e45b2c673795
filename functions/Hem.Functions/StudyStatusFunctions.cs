using Hem.Pipeline.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Hem.Functions;

/// <summary>
/// A pipeline run by its orchestration instance id (the id intake derives from the blob URL and ETag; the study key
/// is only known after analysis): <c>GET /api/studies/{instanceId}</c> answers its status, and
/// <c>POST /api/studies/{instanceId}/rerun</c> (admin key) starts an ended run again with its original input.
/// </summary>
public static class StudyStatusFunctions
{
    [Function("StudyStatus")]
    public static async Task<IActionResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "studies/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken)
    {
        var metadata = await FindAsync(client, instanceId, cancellationToken);
        return metadata is null ? Unknown() : new OkObjectResult(StudyRunStatus.From(metadata));
    }

    [Function("StudyRerun")]
    public static async Task<IActionResult> RerunAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = "studies/{instanceId}/rerun")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string instanceId,
        CancellationToken cancellationToken)
    {
        var metadata = await FindAsync(client, instanceId, cancellationToken);
        if (metadata is null)
        {
            return Unknown();
        }

        if (!StudyRunStatus.CanRerun(metadata))
        {
            return Problems.Of(StatusCodes.Status409Conflict, "The run has not ended", $"The run is {metadata.RuntimeStatus}; only a Completed, Failed or Terminated run can be started again.");
        }

        var input = metadata.ReadInputAs<StudyPipelineInput>() ?? throw new InvalidOperationException("the run has no input to start again with");
        await client.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(StudyPipeline), input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return new AcceptedResult(new Uri($"/api/studies/{Uri.EscapeDataString(instanceId)}", UriKind.Relative), new { instanceId });
    }

    private static Task<OrchestrationMetadata?> FindAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        return client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
    }

    private static ObjectResult Unknown() => Problems.Of(StatusCodes.Status404NotFound, "Unknown run", "No pipeline run has this instance id.");
}
