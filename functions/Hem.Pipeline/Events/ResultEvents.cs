namespace Hem.Pipeline.Events;

/// <summary>
/// Makes each <see cref="ResultEvent"/>: its id from <see cref="ResultEventIds.For"/> (instance id and type, so a
/// re-publish of the same outcome repeats the id) and its subject, "studies/{studyKey}[/{modelVersion}]", or
/// "inputs/{instanceId}" for a rejection before a study key exists, or "backfills/{batchId}".
/// </summary>
public static class ResultEvents
{
    public static ResultEvent PredictionCompleted(PredictionCompletedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Make(ResultEventTypes.PredictionCompleted, data.InstanceId, StudySubject(data.StudyKey, data.ModelVersion), data);
    }

    /// <param name="data">The failure.</param>
    /// <param name="modelVersion">The model version the run used, when known; it goes into the subject only with a study key.</param>
    public static ResultEvent PredictionFailed(PredictionFailedData data, string? modelVersion = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        string subject = data.StudyKey is null ? InputSubject(data.InstanceId) : StudySubject(data.StudyKey, modelVersion);
        return Make(ResultEventTypes.PredictionFailed, data.InstanceId, subject, data);
    }

    /// <param name="data">The rejection.</param>
    /// <param name="studyKey">The study key, when the input got as far as having one.</param>
    public static ResultEvent StudyRejected(StudyRejectedData data, string? studyKey = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        string subject = studyKey is null ? InputSubject(data.InstanceId) : StudySubject(studyKey, null);
        return Make(ResultEventTypes.StudyRejected, data.InstanceId, subject, data);
    }

    /// <param name="instanceId">The backfill orchestration's instance id.</param>
    /// <param name="data">The batch's counts.</param>
    public static ResultEvent BackfillCompleted(string instanceId, BackfillCompletedData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrEmpty(data.BatchId);
        return Make(ResultEventTypes.BackfillCompleted, instanceId, "backfills/" + data.BatchId, data);
    }

    private static ResultEvent Make(string type, string instanceId, string subject, object data) =>
        new(type, subject, ResultEventIds.For(instanceId, type), data);

    private static string StudySubject(string studyKey, string? modelVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(studyKey);
        return string.IsNullOrEmpty(modelVersion) ? $"studies/{studyKey}" : $"studies/{studyKey}/{modelVersion}";
    }

    private static string InputSubject(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        return "inputs/" + instanceId;
    }
}
