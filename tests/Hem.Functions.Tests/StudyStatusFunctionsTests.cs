using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;

namespace Hem.Functions.Tests;

/// <summary>The status and rerun functions on a recording Durable client (no Functions host).</summary>
public sealed class StudyStatusFunctionsTests
{
    private const string Id = "study-0123456789abcdef0123456789abcdef";

    private static readonly StudyPipelineInput Input = new("https://account.blob.core.windows.net/incoming/a.zip", "incoming", "a.zip", "0x1", SubmissionKind.Zip, "a.zip", null);

    private readonly RecordingDurableClient _client = new();

    // Lookups by instance id never reach the run index, so its storage need not answer.
    private readonly StudyStatusFunctions _functions = new(new StudyRuns(new StudyRunIndex(new Azure.Storage.Blobs.BlobServiceClient("UseDevelopmentStorage=true"), new StudyPipelineOptions(Path.GetTempPath()))));

    private static HttpRequest Request(string method) => new DefaultHttpContext { Request = { Method = method } }.Request;

    private void Known(OrchestrationRuntimeStatus status) =>
        _client.Instances[Id] = new OrchestrationMetadata(nameof(StudyPipeline), Id)
        {
            RuntimeStatus = status,
            DataConverter = JsonDataConverter.Default,
            SerializedInput = JsonDataConverter.Default.Serialize(Input),
        };

    [Theory]
    [InlineData("abc123")]
    [InlineData("..%2F..%2Fetc")]
    [InlineData("study-0123456789ABCDEF0123456789ABCDEF")]
    public async Task A_name_that_is_neither_a_study_key_nor_an_instance_id_is_a_400_problem(string name)
    {
        var status = Assert.IsType<ObjectResult>(await _functions.GetStatusAsync(Request("GET"), _client, name, TestContext.Current.CancellationToken));
        var rerun = Assert.IsType<ObjectResult>(await _functions.RerunAsync(Request("POST"), _client, name, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status400BadRequest, status.StatusCode);
        Assert.Equal(StatusCodes.Status400BadRequest, rerun.StatusCode);
        Assert.Empty(_client.Scheduled);
    }

    [Fact]
    public async Task An_unknown_instance_is_a_404_problem_for_status_and_rerun()
    {
        var status = Assert.IsType<ObjectResult>(await _functions.GetStatusAsync(Request("GET"), _client, Id, TestContext.Current.CancellationToken));
        var rerun = Assert.IsType<ObjectResult>(await _functions.RerunAsync(Request("POST"), _client, Id, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status404NotFound, status.StatusCode);
        Assert.IsType<ProblemDetails>(status.Value);
        Assert.Equal(StatusCodes.Status404NotFound, rerun.StatusCode);
    }

    [Fact]
    public async Task A_known_instance_answers_its_status()
    {
        Known(OrchestrationRuntimeStatus.Running);

        var result = Assert.IsType<OkObjectResult>(await _functions.GetStatusAsync(Request("GET"), _client, Id, TestContext.Current.CancellationToken));

        var status = Assert.IsType<StudyRunStatus>(result.Value);
        Assert.Equal(Id, status.InstanceId);
        Assert.Equal("Running", status.RuntimeStatus);
    }

    [Fact]
    public async Task A_running_instance_is_not_rerun()
    {
        Known(OrchestrationRuntimeStatus.Running);

        var result = Assert.IsType<ObjectResult>(await _functions.RerunAsync(Request("POST"), _client, Id, TestContext.Current.CancellationToken));

        Assert.Equal(StatusCodes.Status409Conflict, result.StatusCode);
        Assert.Empty(_client.Purged);
        Assert.Empty(_client.Scheduled);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    public async Task An_ended_instance_is_purged_and_started_again_with_its_input(OrchestrationRuntimeStatus ended)
    {
        Known(ended);

        var result = await _functions.RerunAsync(Request("POST"), _client, Id, TestContext.Current.CancellationToken);

        Assert.IsType<AcceptedResult>(result);
        Assert.Equal([Id], _client.Purged);
        var scheduled = Assert.Single(_client.Scheduled);
        Assert.Equal(nameof(StudyPipeline), scheduled.Name.Name);
        Assert.Equal(Id, scheduled.InstanceId);
        Assert.Equal(Input, scheduled.Input);
    }
}
