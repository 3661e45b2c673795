using Hem.Pipeline.Events;

namespace Hem.Pipeline.Tests.Events;

/// <summary>One outcome of each kind, as the orchestration would report it.</summary>
internal static class SampleOutcomes
{
    public const string InstanceId = "study-3f1c0d7e9a2b4c58b6e1f0a9d8c7b6a5";

    public const string OtherInstanceId = "study-7a6b5c4d3e2f10298877665544332211";

    public static PredictionCompletedData Completed(string instanceId = InstanceId) => new(
        StudyKey: "st-4b1d9e",
        ModelVersion: "hem-unet-1.2.0",
        InstanceId: instanceId,
        BaselineVolumeMl: 18.4,
        PredictedFollowupVolumeMl: 27.9,
        PredictedGrowthMl: 9.5,
        HematomaExpansionPredicted: true,
        Outputs: new ResultOutputs(
            ResultOutputs.ResultsContainer,
            "st-4b1d9e/hem-unet-1.2.0/",
            ["prediction.seg.dcm", "baseline.mask.nii.gz", "prediction.mask.nii.gz", "volumes.json", "report.html", "report.pdf", "provenance.json"]));

    public static PredictionFailedData Failed(string? studyKey = "st-4b1d9e") =>
        new(studyKey, InstanceId, "predict", FailureClass.TransientExhausted, "TransientInferenceException in step predict: the retries ran out");

    public static StudyRejectedData Rejected() =>
        new(InstanceId, "no-ct", "The study has no CT series (modalities found: MR).", "incoming/uploads/study-0193.zip");

    public static BackfillCompletedData Backfill() => new("backfill-2026-11-26", 40, 33, 1, 3, 3, false, "1.0.0", "results/_backfills/backfill-2026-11-26/summary.csv");

    /// <summary>One event of each type.</summary>
    public static IReadOnlyList<ResultEvent> OneOfEach() =>
    [
        ResultEvents.PredictionCompleted(Completed()),
        ResultEvents.PredictionFailed(Failed(), "hem-unet-1.2.0"),
        ResultEvents.StudyRejected(Rejected()),
        ResultEvents.BackfillCompleted("backfill-instance-1", Backfill()),
    ];
}
