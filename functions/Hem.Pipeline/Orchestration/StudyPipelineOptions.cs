namespace Hem.Pipeline.Orchestration;

/// <summary>
/// The activities' settings (read by activities only, never by the orchestrator): the local work folder, under which
/// each instance gets <c>{instanceId}/</c>, and the container for outputs and rejection records.
/// </summary>
public sealed record StudyPipelineOptions(string WorkRoot, string ResultsContainer = StudyPipelineOptions.DefaultResultsContainer)
{
    public const string DefaultResultsContainer = "results";

    /// <summary>The prefix of rejection records in <see cref="ResultsContainer"/>: <c>rejected/{instanceId}.json</c>.</summary>
    public const string RejectedPrefix = "rejected/";

    /// <summary>The tool <c>provenance.json</c> names.</summary>
    public const string Tool = "HemFunctions StudyPipeline";

    public string InstanceFolder(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        if (instanceId.AsSpan().IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || instanceId is "." or "..")
        {
            throw new ArgumentException("an instance id is a file name", nameof(instanceId));
        }

        return Path.Combine(Path.GetFullPath(WorkRoot), instanceId);
    }

    public string InputFolder(string instanceId) => Path.Combine(InstanceFolder(instanceId), "input");

    public string OutputFolder(string instanceId) => Path.Combine(InstanceFolder(instanceId), "output");

    public static string RejectionBlobName(string instanceId) => RejectedPrefix + instanceId + ".json";
}
