namespace Hem.Pipeline.Events;

/// <summary>The data of <see cref="ResultEventTypes.PredictionCompleted"/> (schema: schemas/events/prediction-completed.schema.json).</summary>
/// <param name="StudyKey">The de-identified study key (never a patient identifier).</param>
/// <param name="ModelVersion">The model version that made the prediction.</param>
/// <param name="InstanceId">The orchestration instance that produced the result.</param>
/// <param name="BaselineVolumeMl">The baseline hematoma in mL.</param>
/// <param name="PredictedFollowupVolumeMl">The predicted follow-up hematoma in mL.</param>
/// <param name="PredictedGrowthMl">Predicted follow-up minus baseline in mL (negative for shrinkage).</param>
/// <param name="HematomaExpansionPredicted">Whether the predicted growth meets the expansion criterion.</param>
/// <param name="Outputs">Where the results lie in the results container.</param>
public sealed record PredictionCompletedData(
    string StudyKey,
    string ModelVersion,
    string InstanceId,
    double BaselineVolumeMl,
    double PredictedFollowupVolumeMl,
    double PredictedGrowthMl,
    bool HematomaExpansionPredicted,
    ResultOutputs Outputs);

/// <summary>The outputs of one prediction: a folder of the results container and the file names in it.</summary>
/// <param name="Container">The container (always <see cref="ResultsContainer"/> today).</param>
/// <param name="Folder">"{studyKey}/{modelVersion}/".</param>
/// <param name="Files">Paths inside <paramref name="Folder"/> (prediction.seg.dcm, volumes.json, ..., deidentified/{uid}.dcm).</param>
public sealed record ResultOutputs(string Container, string Folder, IReadOnlyList<string> Files)
{
    public const string ResultsContainer = "results";
}

/// <summary>Why a run failed: its retries for a transient error ran out, or an unexpected error stopped it.</summary>
public enum FailureClass
{
    TransientExhausted,
    Unexpected,
}

/// <summary>The data of <see cref="ResultEventTypes.PredictionFailed"/> (schema: schemas/events/prediction-failed.schema.json).</summary>
/// <param name="StudyKey">The study key, or null when the run failed before it had one.</param>
/// <param name="InstanceId">The orchestration instance.</param>
/// <param name="Step">The orchestration step that failed (validate, deidentify, preprocess, segment, predict, postprocess, write, publish, reject).</param>
/// <param name="ErrorClass">Transient retries exhausted or unexpected.</param>
/// <param name="Message">A message that carries no patient data (an error type and a sentence, never DICOM values).</param>
public sealed record PredictionFailedData(string? StudyKey, string InstanceId, string Step, FailureClass ErrorClass, string Message);

/// <summary>The data of <see cref="ResultEventTypes.StudyRejected"/> (schema: schemas/events/study-rejected.schema.json).</summary>
/// <param name="InstanceId">The orchestration instance.</param>
/// <param name="Code">A stable machine-readable code (the validation codes, e.g. wrong-modality, too-few-slices, unreadable-archive).</param>
/// <param name="Reason">The reason a person understands.</param>
/// <param name="InputBlobPath">The input blob, "incoming/..." (it is never deleted or changed).</param>
public sealed record StudyRejectedData(string InstanceId, string Code, string Reason, string InputBlobPath);

/// <summary>The data of <see cref="ResultEventTypes.BackfillCompleted"/> (schema: schemas/events/backfill-completed.schema.json).</summary>
/// <param name="BatchId">The backfill batch (its orchestration instance id).</param>
/// <param name="Studies">Studies the batch dealt with (each completed, failed, rejected or skipped).</param>
/// <param name="Completed">Studies with a prediction from this batch.</param>
/// <param name="Failed">Studies whose run failed.</param>
/// <param name="Rejected">Studies rejected as unusable input.</param>
/// <param name="Skipped">Studies that already had results for the model version (or an earlier rejection) and were not run again.</param>
/// <param name="Cancelled">Whether the batch was cancelled (studies not yet started were left out).</param>
/// <param name="ModelVersion">The model version the batch ran with.</param>
/// <param name="Summary">The summary table, "{container}/_backfills/{batchId}/summary.csv".</param>
public sealed record BackfillCompletedData(string BatchId, int Studies, int Completed, int Failed, int Rejected, int Skipped, bool Cancelled, string ModelVersion, string Summary);
