using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Telemetry;
using Hem.Pipeline.Tests.Orchestration;
using Hem.Testing;
using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Tests.Telemetry;

/// <summary>One real orchestration run (the StudyPipelineTests harness) observed with the BCL listeners.</summary>
public sealed class PipelineTelemetryTests(AzuriteFixture azurite, PipelineFixture fixture) : IClassFixture<PipelineFixture>
{
    private const string PatientBlobName = "Doe^Jane_head.zip";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_is_traced_by_instance_id_and_study_key_and_no_tag_names_the_submitted_blob()
    {
        using var capture = new TelemetryCapture();
        await using var run = await PipelineRun.StartAsync(azurite, fixture.Inference.BaseUrl, fixture.Root, Token);
        var input = await run.SubmitAsync(PatientBlobName, fixture.StudyZip, SubmissionKind.Zip, Token);

        var done = await run.RunAsync(input, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        string studyKey = done.ReadOutputAs<StudyPipelineResult>()!.Result!.StudyKey;
        var activities = capture.Spans.Where(s => Equals(s.GetTagItem(PipelineTelemetry.InstanceIdTag), done.InstanceId)).ToList();
        foreach (string name in new[] { nameof(ValidateStudy), nameof(DeidentifyStudy), nameof(RecordStudyRun), nameof(PreprocessStudy), nameof(SegmentBaseline), nameof(PredictFollowup), nameof(PostprocessPrediction), nameof(WriteOutputs), nameof(PublishResult), nameof(CleanUpWork) })
        {
            Assert.Single(activities, s => s.OperationName == name);
        }

        foreach (string name in new[] { nameof(DeidentifyStudy), nameof(SegmentBaseline), nameof(PredictFollowup), nameof(WriteOutputs), nameof(PublishResult) })
        {
            Assert.Equal(studyKey, activities.Single(s => s.OperationName == name).GetTagItem(PipelineTelemetry.StudyKeyTag));
        }

        var predict = Assert.Single(activities, s => s.OperationName == nameof(PredictFollowup));
        var ours = capture.Spans.Where(s => s.TraceId == predict.TraceId).ToList();
        var inference = Assert.Single(ours, s => s.OperationName == "inference predict");
        Assert.True(inference.GetTagItem("hem.inference.windows") is int windows && windows > 0);
        Assert.Contains(ours, s => s.GetTagItem(PipelineTelemetry.StepTag) is not null);

        Assert.Contains(capture.Measurements, m => m.Instrument == PipelineTelemetry.StudiesMetric
            && Equals(m.Tags[PipelineTelemetry.OutcomeTag], PipelineTelemetry.OutcomeCompleted)
            && Equals(m.Span?.GetTagItem(PipelineTelemetry.InstanceIdTag), done.InstanceId));

        Assert.DoesNotContain(capture.AllTagValues(), value => value.Contains("Doe^Jane", StringComparison.Ordinal));
    }
}
