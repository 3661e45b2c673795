using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Hem.Pipeline.Telemetry;

/// <summary>
/// The pipeline's traces and metrics, under the source and meter <see cref="Name"/>. Tags carry only instance ids,
/// study keys, step names, codes, counts, sizes and error type names: never a blob name, path, DICOM value or
/// exception message, which can identify a patient.
/// </summary>
public static class PipelineTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Hem.Pipeline";

    public const string InstanceIdTag = "hem.instance_id";
    public const string StudyKeyTag = "hem.study_key";
    public const string StepTag = "step";
    public const string OutcomeTag = "outcome";
    public const string ErrorTypeTag = "error.type";
    public const string RejectionCodeTag = "hem.rejection.code";

    public const string StepDurationMetric = "hem.pipeline.step.duration";
    public const string StudiesMetric = "hem.pipeline.studies";

    public const string OutcomeCompleted = "completed";
    public const string OutcomeRejected = "rejected";
    public const string OutcomeFailed = "failed";

    private static readonly ActivitySource Source = new(Name);
    private static readonly Meter Meter = new(Name);
    private static readonly Histogram<double> StepDuration = Meter.CreateHistogram<double>(StepDurationMetric, "ms", "The time each analysis step took");
    private static readonly Counter<long> Studies = Meter.CreateCounter<long>(StudiesMetric, "{study}", "Studies the pipeline finished, by outcome");

    /// <summary>A span for an orchestration activity, tagged with its instance id.</summary>
    public static Activity? StartActivity(string activity, string instanceId) =>
        Source.StartActivity(activity)?.SetTag(InstanceIdTag, instanceId);

    /// <summary>A span for one analysis step, tagged with its name.</summary>
    public static Activity? StartStep(string step) =>
        Source.StartActivity("step " + step)?.SetTag(StepTag, step);

    /// <summary>A span for the intake of one event delivery.</summary>
    public static Activity? StartIntake() => Source.StartActivity("intake", ActivityKind.Server);

    /// <summary>Tags the intake span with the delivery's counts.</summary>
    public static void TagIntake(Activity? activity, int started, int alreadyKnown, int ignored) =>
        activity?.SetTag("hem.intake.started", started).SetTag("hem.intake.already_known", alreadyKnown).SetTag("hem.intake.ignored", ignored);

    /// <summary>A span around the call to the inference service.</summary>
    public static Activity? StartInference(long voxels) =>
        Source.StartActivity("inference predict", ActivityKind.Client)?.SetTag("hem.grid.voxels", voxels);

    public static void RecordStep(string step, double milliseconds) =>
        StepDuration.Record(milliseconds, new KeyValuePair<string, object?>(StepTag, step));

    public static void RecordStudy(string outcome) =>
        Studies.Add(1, new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>Runs <paramref name="work"/> in <paramref name="span"/>, marking it failed when the work throws, and ends it.</summary>
    public static async Task<T> InSpanAsync<T>(Activity? span, Func<Activity?, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        using (span)
        {
            try
            {
                return await work(span);
            }
            catch (Exception ex)
            {
                Fail(span, ex);
                throw;
            }
        }
    }

    /// <summary>Tags the span with the rejection's stable code (never its reason, which may quote the study).</summary>
    public static void TagRejection(Activity? activity, string code) => activity?.SetTag(RejectionCodeTag, code);

    /// <summary>Marks the span failed with the exception's type name (its message may name a patient, so it is left out).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        activity?.SetStatus(ActivityStatusCode.Error).SetTag(ErrorTypeTag, exception.GetType().FullName);
    }
}
