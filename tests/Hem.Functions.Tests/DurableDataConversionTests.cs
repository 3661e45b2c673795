using Azure.Core.Serialization;
using Hem.Pipeline.Analysis;
using Hem.Pipeline.Backfill;
using Hem.Pipeline.Events;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Hem.Functions.Tests;

/// <summary>
/// Under Durable Functions the orchestrator's and activities' inputs and outputs cross the history through the worker's
/// <see cref="WorkerOptions.Serializer"/> (the Durable extension wraps it as its data converter), not the Durable Task
/// SDK's converter the other tests run with. Every record the pipeline passes must come back whole through the
/// serializer the app is built with.
/// </summary>
public sealed class DurableDataConversionTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 7, 9, 30, 15, 123, TimeSpan.Zero);

    private static readonly StudyPipelineInput Input = new("https://acct.blob.core.windows.net/incoming/a%20b.zip", "incoming", "a b.zip", "\"0x8DD1\"", SubmissionKind.DicomFolder, "scan/", "scan/a.mask.nii.gz", new PipelineRetry(4, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1)));

    private static readonly List<StepTiming> Timings = [new("validate", 120.5), new("deidentify", 800)];

    private static readonly ModelDescription Model = new(new ModelIdentity("hem-expansion", "1.0.0"), new ModelProvenance("hem-expansion", "1.0.0", new string('a', 64), null, "inference service"), "Trained on synthetic data only.");

    private static readonly PreprocessedStudy Preprocessed = new(new string('b', 32), "series 1 of 2: CT, 29 slices", ["tilt 18.5 degrees corrected"], [], true, null, Timings);

    private static readonly PredictedFollowup Predicted = new(Model, 0.5, new VoxelRange(10, 20, 3, 40, 60, 12), 8, Timings);

    private static readonly ValidatedStudy Validated = new(AnalysisInput.Dicom, new string('c', 64), null, Timings);

    private static readonly StudyResult Result = new(new string('b', 32), "1.0.0", "results", "bb/1.0.0/", 12.34, 15.5, 3.16, 25.6, false, ["volumes.json", "deidentified/1.2.dcm"]);

    public static TheoryData<object> Records() =>
    [
        Input,
        Validated,
        new ValidatedStudy(AnalysisInput.Nifti, "", new StudyRejection("unreadable-input", "the NIfTI input cannot be read"), []),
        new DeidentifiedStudy(new string('b', 32), 29, null, Timings),
        new StudyRunEntry(new string('b', 32), "study-" + new string('d', 32), Started),
        new PreprocessRequest(Input, null),
        Preprocessed,
        new SegmentedBaseline(12.345678, Timings),
        new PredictRequest(new string('b', 32), true),
        Predicted,
        Predicted with { ModelGridRoi = null, Windows = 0 },
        new PostprocessedPrediction(15.5, Timings),
        new WriteOutputsRequest(new string('b', 32), Validated, Preprocessed, Predicted, Started, Timings),
        Result,
        new RejectionRecord("study-" + new string('d', 32), "too-few-slices", "3 slices", "incoming", "a b.zip", "0x1"),
        PipelineEvents.Completed("study-" + new string('d', 32), Result),
        new ResultToPublish(null, null, new PredictionFailedData(null, "study-" + new string('d', 32), "predict", FailureClass.TransientExhausted, "TransientInferenceException in step predict")),
        new StudyPipelineResult(StudyPipelineResult.Rejected, null, new StudyRejection("wrong-modality", "MR"), "x.json"),
        new PipelineStatus(StudyPipeline.PredictStep, new string('b', 32)),
        new StudyRunEntry(new string('b', 32), "study-" + new string('d', 32), Started, "study-" + new string('e', 32)),
        new RejectionRecord("study-" + new string('d', 32), "corrupt-file", "why", "archive", "x.zip", "0x1", "study-" + new string('e', 32), null),
        BackfillState.Start("backfill-20261207-101010-0a1b2c3d", Request, 2, new PipelineRetry(4, TimeSpan.FromSeconds(2), 2, TimeSpan.FromMinutes(1))) with { Counts = new BackfillCounts(3, 1, 1, 0, 1), Total = 40, ModelVersion = "1.0.0", Started = Started, ContinuationToken = "token/2", Page = 1 },
        new BackfillListing(Request, "token/2", 50),
        new BackfillPage([ListedInput], "token/3"),
        new ProcessedInputsQuery(["study-" + new string('e', 32)], "1.0.0"),
        new List<ProcessedInput> { new ProcessedInput("study-" + new string('e', 32), new string('b', 32), 12.5, 14, false, null) },
        new BackfillRowsRecord("backfill-x", 0, [Row, Row with { Outcome = BackfillOutcome.Failed, StudyKey = null, Reason = "TransientInferenceException" }]),
        new BackfillSummaryJob(new BackfillSummaryRequest("backfill-x", "1.0.0", 2, new BackfillCounts(3, 1, 1, 0, 1), true, Started, Started.AddMinutes(3)), "archive"),
        new BackfillResult("backfill-x", "1.0.0", new BackfillCounts(3, 1, 1, 0, 1), false, "results", "_backfills/backfill-x/summary.csv", "_backfills/backfill-x/summary.json", 2, 0.41, -0.5, 2.25),
        new BackfillProgress(40, 12, 9, 1, 1, 1, 2, 5.5, 300, false, "running"),
        new ResultToPublish(null, null, null, new BackfillCompletedData("backfill-x", 3, 1, 0, 1, 1, false, "1.0.0", "results/_backfills/backfill-x/summary.csv")),
    ];

    private static readonly BackfillRequest Request = new() { Container = "archive", Prefix = "2026/", ModifiedSince = Started, NamePattern = "*.zip", Limit = 40, Force = true, MaxConcurrency = 3 };

    private static readonly BackfillInput ListedInput = new("https://acct.blob.core.windows.net/archive/2026/a.zip", "2026/a.zip", "0x8DD1", SubmissionKind.Zip, "2026/a.zip", null, Started);

    private static readonly BackfillRow Row = new("2026/a.zip", "study-" + new string('e', 32), "study-" + new string('f', 32), new string('b', 32), BackfillOutcome.Completed, null, 12.5, 14, 1.5, false, "1.0.0", Started, Started.AddSeconds(7));

    [Theory]
    [MemberData(nameof(Records))]
    public void A_record_comes_back_whole_through_the_apps_worker_serializer(object record)
    {
        var serializer = AppSerializer();
        var type = record.GetType();

        var written = serializer.Serialize(record, type, TestContext.Current.CancellationToken);
        object? read = serializer.Deserialize(written.ToStream(), type, TestContext.Current.CancellationToken);

        Assert.NotNull(read);
        Assert.Equal(written.ToString(), serializer.Serialize(read, type, TestContext.Current.CancellationToken).ToString());
        Assert.Equal(Microsoft.DurableTask.Converters.JsonDataConverter.Default.Serialize(record), Microsoft.DurableTask.Converters.JsonDataConverter.Default.Serialize(read));
    }

    [Fact]
    public void The_round_trip_sees_a_lost_property()
    {
        // The check above would pass vacuously if the serializer dropped values on both sides; it does not.
        var serializer = AppSerializer();
        string json = serializer.Serialize(Predicted, typeof(PredictedFollowup), TestContext.Current.CancellationToken).ToString();

        Assert.Contains("\"X1\":40", json, StringComparison.Ordinal);
        Assert.Contains("\"Windows\":8", json, StringComparison.Ordinal);
        Assert.Contains("\"Timings\":[{\"Step\":\"validate\",\"Milliseconds\":120.5}", json, StringComparison.Ordinal);
    }

    private static ObjectSerializer AppSerializer()
    {
        // The app's own builder (Program.cs), built but not started: its WorkerOptions are what the Durable extension reads.
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.ConfigureFunctionsWebApplication();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<WorkerOptions>>().Value.Serializer!;
    }
}
