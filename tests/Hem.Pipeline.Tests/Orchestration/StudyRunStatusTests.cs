using Hem.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;

namespace Hem.Pipeline.Tests.Orchestration;

public sealed class StudyRunStatusTests
{
    private static readonly DataConverter Json = JsonDataConverter.Default;

    private static OrchestrationMetadata Instance(OrchestrationRuntimeStatus status, object? output = null, TaskFailureDetails? failure = null) =>
        new(nameof(StudyPipeline), "abc123")
        {
            DataConverter = Json,
            RuntimeStatus = status,
            CreatedAt = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero),
            LastUpdatedAt = new DateTimeOffset(2026, 11, 26, 10, 5, 0, TimeSpan.Zero),
            SerializedInput = Json.Serialize(new { BlobName = "Doe^John/scan.zip" }),
            SerializedCustomStatus = Json.Serialize(new PipelineStatus(StudyPipeline.PublishStep)),
            SerializedOutput = output is null ? null : Json.Serialize(output),
            FailureDetails = failure,
        };

    [Fact]
    public void A_completed_run_answers_its_step_and_result_summary_but_not_its_input()
    {
        var result = new StudyResult("SK1", "m1", "results", "SK1/m1/", 10, 14, 4, 40, true, ["SK1/m1/volumes.json"]);
        var metadata = Instance(OrchestrationRuntimeStatus.Completed, new StudyPipelineResult(StudyPipelineResult.Completed, result, null, null));

        var status = StudyRunStatus.From(metadata);

        Assert.Equal("abc123", status.InstanceId);
        Assert.Equal("Completed", status.RuntimeStatus);
        Assert.Equal(StudyPipeline.PublishStep, status.Step);
        Assert.Equal(StudyPipelineResult.Completed, status.Outcome);
        Assert.Equal("SK1", status.StudyKey);
        Assert.Equal("m1", status.ModelVersion);
        Assert.Equal("SK1/m1/", status.ResultPrefix);
        Assert.True(status.HematomaExpansionPredicted);
        Assert.Null(status.FailureType);
        Assert.DoesNotContain("Doe", System.Text.Json.JsonSerializer.Serialize(status), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_run_answers_the_rejection_code()
    {
        var metadata = Instance(OrchestrationRuntimeStatus.Completed, new StudyPipelineResult(StudyPipelineResult.Rejected, null, new StudyRejection("not-a-head-ct", "why"), "rejected/abc123.json"));

        var status = StudyRunStatus.From(metadata);

        Assert.Equal(StudyPipelineResult.Rejected, status.Outcome);
        Assert.Equal("not-a-head-ct", status.RejectionCode);
        Assert.Null(status.StudyKey);
    }

    [Fact]
    public void A_failed_run_answers_the_failure_type_not_its_message()
    {
        var metadata = Instance(OrchestrationRuntimeStatus.Failed, failure: new TaskFailureDetails("System.IO.IOException", "secret path", null, null, null));

        var status = StudyRunStatus.From(metadata);

        Assert.Equal("Failed", status.RuntimeStatus);
        Assert.Equal("System.IO.IOException", status.FailureType);
        Assert.Null(status.Outcome);
        Assert.DoesNotContain("secret", System.Text.Json.JsonSerializer.Serialize(status), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed, true)]
    [InlineData(OrchestrationRuntimeStatus.Failed, true)]
    [InlineData(OrchestrationRuntimeStatus.Terminated, true)]
    [InlineData(OrchestrationRuntimeStatus.Running, false)]
    [InlineData(OrchestrationRuntimeStatus.Pending, false)]
    [InlineData(OrchestrationRuntimeStatus.Suspended, false)]
    public void Only_an_ended_run_can_be_rerun(OrchestrationRuntimeStatus runtimeStatus, bool expected) =>
        Assert.Equal(expected, StudyRunStatus.CanRerun(Instance(runtimeStatus)));
}
