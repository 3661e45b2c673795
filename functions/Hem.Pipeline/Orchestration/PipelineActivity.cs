using System.Diagnostics;
using Hem.Pipeline.Telemetry;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// What every activity of the pipeline does around its step: a span tagged with the instance id, a structured log
/// line when it starts, ends, is rejected or fails (instance id, activity, duration, rejection code or error type:
/// never a blob name, path or message, which may name a patient), and a local scratch folder of its own that is
/// deleted when it ends, so no step depends on files another step left on this worker.
/// </summary>
public abstract partial class PipelineActivity<TInput, TOutput>(StudyPipelineOptions options, ILogger logger) : TaskActivity<TInput, TOutput>
{
    /// <summary>The activity's name, as the orchestration calls it and as spans and logs name it.</summary>
    protected string Name => GetType().Name;

    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        string instanceId = context.InstanceId;
        return PipelineTelemetry.InSpanAsync(PipelineTelemetry.StartActivity(Name, instanceId), async span =>
        {
            LogStarted(logger, Name, instanceId);
            var clock = Stopwatch.StartNew();
            string scratch = options.ScratchFolder(instanceId, Name + "-" + Guid.NewGuid().ToString("N")[..8]);
            try
            {
                var run = new ActivityRun(instanceId, scratch, span);
                var output = await RunStepAsync(run, input, CancellationToken.None);
                if (run.Rejection is { } code)
                {
                    LogRejected(logger, Name, instanceId, code);
                }

                LogFinished(logger, Name, instanceId, Math.Round(clock.Elapsed.TotalMilliseconds));
                return output;
            }
            catch (Exception ex)
            {
                LogFailed(logger, Name, instanceId, ex.GetType().FullName ?? ex.GetType().Name, Math.Round(clock.Elapsed.TotalMilliseconds));
                throw;
            }
            finally
            {
                DeleteQuietly(scratch);
                DeleteIfEmpty(options.InstanceFolder(instanceId));
            }
        });
    }

    /// <summary>The step itself. Activities get no cancellation from the Durable worker; the token is for the step's callees.</summary>
    protected abstract Task<TOutput> RunStepAsync(ActivityRun run, TInput input, CancellationToken cancellationToken);

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A scratch folder that cannot be deleted now (a file still open on some platforms) is left for the OS's
            // temp clean-up; failing the step for it would redo work that succeeded.
        }
    }

    private static void DeleteIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (IOException)
        {
            // Another activity of the same instance created its scratch folder meanwhile: it deletes the parent later.
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Activity} started for {InstanceId}")]
    private static partial void LogStarted(ILogger logger, string activity, string instanceId);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "{Activity} finished for {InstanceId} in {ElapsedMs} ms")]
    private static partial void LogFinished(ILogger logger, string activity, string instanceId, double elapsedMs);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "{Activity} rejected the study of {InstanceId}: {RejectionCode}")]
    private static partial void LogRejected(ILogger logger, string activity, string instanceId, string rejectionCode);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "{Activity} failed for {InstanceId} after {ElapsedMs} ms: {ErrorType}")]
    private static partial void LogFailed(ILogger logger, string activity, string instanceId, string errorType, double elapsedMs);
}

/// <summary>One run of an activity: its instance, its scratch folder (created on first use), its span, and the rejection it found.</summary>
public sealed class ActivityRun(string instanceId, string scratch, Activity? span)
{
    public string InstanceId { get; } = instanceId;

    public Activity? Span { get; } = span;

    /// <summary>The rejection code this run reported, for the log line.</summary>
    public string? Rejection { get; private set; }

    /// <summary>A new folder inside the scratch folder.</summary>
    public string Folder(string name) => Directory.CreateDirectory(Path.Combine(scratch, name)).FullName;

    /// <summary>Records a rejection on the span and for the log, and returns it.</summary>
    public StudyRejection Reject(StudyRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        Rejection = rejection.Code;
        PipelineTelemetry.TagRejection(Span, rejection.Code);
        return rejection;
    }

    /// <summary>Tags the span with the study key once it is known (a de-identified key, never an input name).</summary>
    public void TagStudyKey(string studyKey) => Span?.SetTag(PipelineTelemetry.StudyKeyTag, studyKey);
}
