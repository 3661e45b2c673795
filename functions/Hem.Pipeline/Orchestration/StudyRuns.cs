using Hem.Pipeline.Analysis;
using Hem.Pipeline.Intake;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The status and rerun API's logic, shared by the Functions app and the local host: a run is named by its
/// orchestration instance id (<c>study-</c> and 32 hex digits, in every result event) or by its study key (the
/// de-identified key, or <c>research-</c> and 32 hex digits), which stands for the study's newest run
/// (<see cref="StudyRunIndex"/>). Anything else is not a name of a run.
/// </summary>
public sealed class StudyRuns(StudyRunIndex index)
{
    /// <summary>The run's status, or null when no run has that name.</summary>
    public async Task<StudyRunStatus?> StatusAsync(DurableTaskClient client, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var found = await FindAsync(client, name, cancellationToken);
        return found is null ? null : StudyRunStatus.From(found.Latest) with { Runs = found.Runs };
    }

    /// <summary>Starts the named run (a study key: its newest run) again with its original input, under the same instance id.</summary>
    public async Task<RerunOutcome> RerunAsync(DurableTaskClient client, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var found = await FindAsync(client, name, cancellationToken);
        if (found is null)
        {
            return new RerunOutcome(RerunResult.Unknown, null, null);
        }

        var metadata = found.Latest;
        if (!StudyRunStatus.CanRerun(metadata))
        {
            return new RerunOutcome(RerunResult.StillRunning, metadata.InstanceId, metadata.RuntimeStatus.ToString());
        }

        var input = metadata.ReadInputAs<StudyPipelineInput>() ?? throw new InvalidOperationException("the run has no input to start again with");
        await client.PurgeInstanceAsync(metadata.InstanceId, cancellation: cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(StudyPipeline), input, new StartOrchestrationOptions(metadata.InstanceId), cancellationToken);
        return new RerunOutcome(RerunResult.Started, metadata.InstanceId, null);
    }

    /// <summary>Whether <paramref name="name"/> has the form of an instance id or a study key.</summary>
    public static bool IsRunName(string? name) => IsInstanceId(name) || StudyKeys.IsWellFormed(name);

    /// <summary>Whether <paramref name="name"/> has the form of a run's instance id (also an input's id): <c>study-</c> and 32 hex digits.</summary>
    public static bool IsInstanceId(string? name) =>
        name is not null && name.StartsWith(InstanceIds.Prefix, StringComparison.Ordinal) && Hem.Dicom.Deidentification.StudyKey.IsWellFormed(name[InstanceIds.Prefix.Length..]);

    private async Task<FoundRuns?> FindAsync(DurableTaskClient client, string name, CancellationToken cancellationToken)
    {
        if (IsInstanceId(name))
        {
            var metadata = await client.GetInstanceAsync(name, getInputsAndOutputs: true, cancellationToken);
            return metadata is null ? null : new FoundRuns(metadata, null);
        }

        if (!StudyKeys.IsWellFormed(name))
        {
            return null;
        }

        var entries = await index.FindAsync(name, cancellationToken);
        foreach (var entry in entries)
        {
            // The newest run that still exists: a purged instance leaves its index entry behind.
            if (await client.GetInstanceAsync(entry.InstanceId, getInputsAndOutputs: true, cancellationToken) is { } metadata)
            {
                return new FoundRuns(metadata, [.. entries.Select(e => e.InstanceId)]);
            }
        }

        return null;
    }

    private sealed record FoundRuns(OrchestrationMetadata Latest, IReadOnlyList<string>? Runs);
}

/// <summary>What a rerun request came to.</summary>
public enum RerunResult
{
    Started,
    Unknown,
    StillRunning,
}

/// <summary>A rerun's result, the instance it concerns, and (when refused) the state it is in.</summary>
public sealed record RerunOutcome(RerunResult Result, string? InstanceId, string? RuntimeStatus);
