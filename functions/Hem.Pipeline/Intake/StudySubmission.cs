namespace Hem.Pipeline.Intake;

/// <summary>
/// A study to run: the blob version that starts it, what kind of input it is, and the event that said so. It carries
/// only the blob's path and version, nothing read from the blob.
/// </summary>
/// <remarks>
/// Blob names may hold patient names, so <see cref="ToString"/> prints only the kind and the instance id (a hash):
/// a submission that reaches a log line or an exception message names nobody.
/// </remarks>
public sealed record StudySubmission
{
    /// <summary>The blob's URL as the event gave it, without any SAS the event might carry.</summary>
    public required Uri BlobUrl { get; init; }

    public required string Container { get; init; }

    /// <summary>The decoded blob name within the container (for a DICOM folder, the marker's name).</summary>
    public required string BlobName { get; init; }

    /// <summary>The ETag at the time of the event, without quotes (<see cref="InstanceIds.NormaliseETag"/>).</summary>
    public required string ETag { get; init; }

    public long? ContentLength { get; init; }

    public required SubmissionKind Kind { get; init; }

    /// <summary>The zip's or volume's blob name, or the DICOM folder's prefix ending in <c>/</c>.</summary>
    public required string StudyPath { get; init; }

    /// <summary>For a NIfTI volume, the baseline mask's blob name (the blob may not exist); otherwise null.</summary>
    public string? MaskBlobName { get; init; }

    public required string EventId { get; init; }

    /// <summary>When the blob was created, as the event says (optional in CloudEvents).</summary>
    public DateTimeOffset? EventTime { get; init; }

    /// <summary>The orchestration instance id: the same for every delivery of this blob version.</summary>
    public string InstanceId => InstanceIds.For(BlobUrl, ETag);

    public override string ToString() => $"{Kind} {InstanceId}";
}
