namespace Hem.Pipeline.Events;

/// <summary>
/// A result event the pipeline publishes (DESIGN.md section 3, Events) as a CloudEvent 1.0: its type, the subject
/// (the study key and model version, never a patient identifier), an id that is the same every time the same
/// outcome is published (so subscribers can drop repeats), and its data.
/// </summary>
/// <param name="Type">One of <see cref="ResultEventTypes"/>.</param>
/// <param name="Subject">"studies/{studyKey}" or "studies/{studyKey}/{modelVersion}".</param>
/// <param name="Id">Deterministic per outcome (see <see cref="ResultEventIds"/>).</param>
/// <param name="Data">The event's data object, serialised as JSON with camelCase names.</param>
public sealed record ResultEvent(string Type, string Subject, string Id, object Data);

/// <summary>The result event types and the source every event carries.</summary>
public static class ResultEventTypes
{
    public const string Source = "/hemfunctions/pipeline";

    public const string PredictionCompleted = "Hem.Prediction.Completed";

    public const string PredictionFailed = "Hem.Prediction.Failed";

    public const string StudyRejected = "Hem.Study.Rejected";

    public const string BackfillCompleted = "Hem.Backfill.Completed";
}

/// <summary>Publishes result events to the configured topic.</summary>
public interface IResultEventPublisher
{
    Task PublishAsync(ResultEvent resultEvent, CancellationToken cancellationToken);
}
