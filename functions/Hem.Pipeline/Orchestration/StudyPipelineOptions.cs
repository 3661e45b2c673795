namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The activities' settings (read by activities only, never by the orchestrator): the local scratch root, under which
/// each activity run gets a folder of its own that it deletes when it ends, and the containers of DESIGN.md section 3:
/// intermediates in <see cref="WorkContainer"/> under <c>{instanceId}/</c>, outputs in <see cref="ResultsContainer"/>
/// under <c>{studyKey}/{modelVersion}/</c>, rejection records in <see cref="RejectedContainer"/>.
/// </summary>
public sealed record StudyPipelineOptions(
    string WorkRoot,
    string ResultsContainer = StudyPipelineOptions.DefaultResultsContainer,
    string WorkContainer = StudyPipelineOptions.DefaultWorkContainer,
    string RejectedContainer = StudyPipelineOptions.DefaultRejectedContainer)
{
    public const string DefaultResultsContainer = "results";

    public const string DefaultWorkContainer = "work";

    public const string DefaultRejectedContainer = "rejected";

    /// <summary>The tool <c>provenance.json</c> names.</summary>
    public const string Tool = "HemFunctions StudyPipeline";

    /// <summary>The folder an activity run works in on this worker: <c>{WorkRoot}/{instanceId}/{name}</c>.</summary>
    public string ScratchFolder(string instanceId, string name)
    {
        RequireFileName(instanceId, nameof(instanceId));
        RequireFileName(name, nameof(name));
        return Path.Combine(Path.GetFullPath(WorkRoot), instanceId, name);
    }

    /// <summary>The local folder of everything an instance's activities hold on this worker.</summary>
    public string InstanceFolder(string instanceId)
    {
        RequireFileName(instanceId, nameof(instanceId));
        return Path.Combine(Path.GetFullPath(WorkRoot), instanceId);
    }

    /// <summary>The rejection record of a run: <c>{instanceId}.json</c> in <see cref="RejectedContainer"/>.</summary>
    public static string RejectionBlobName(string instanceId) => instanceId + ".json";

    private static void RequireFileName(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || value is "." or "..")
        {
            throw new ArgumentException("must be usable as a file name", name);
        }
    }
}
