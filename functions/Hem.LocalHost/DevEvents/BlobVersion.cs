namespace Hem.LocalHost.DevEvents;

/// <summary>
/// One blob as a listing shows it: what a BlobCreated event says about the blob, and nothing read from its content.
/// </summary>
/// <param name="Name">The blob name within its container, not encoded.</param>
/// <param name="ETag">The ETag without quotes (<see cref="Hem.Pipeline.Intake.InstanceIds.NormaliseETag"/>).</param>
/// <param name="BlobType"><c>BlockBlob</c>, <c>PageBlob</c> or <c>AppendBlob</c>, as Event Grid spells them.</param>
public sealed record BlobVersion(string Name, string ETag, long ContentLength, string? ContentType, string BlobType, DateTimeOffset LastModified);
