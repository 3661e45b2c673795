using Hem.Pipeline.Intake;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// What one poll does, from a complete listing and what was emitted before: the blobs to send, in order, and the names
/// to forget (emitted before, not listed now: deleted).
/// </summary>
/// <remarks>
/// Order: a folder's <c>_READY</c> marker must reach the intake after the folder's other blobs. Azure gives no such
/// guarantee, but the uploader writes the marker last and Event Grid usually delivers in write order. The listing's
/// order is by name, which does not put the marker last: <c>_</c> (0x5F) sorts after capitals and digits but before
/// lower-case letters, so <c>s/_READY</c> comes before <c>s/im0001.dcm</c> and <c>s/series/…</c>. So the plan keeps
/// the listing's order for every other blob and moves the markers (as the intake recognises them,
/// <see cref="IntakeFilter"/>) to the end. The intake starts nothing for a folder's files, but this keeps the local
/// stack from ever presenting a marker before files written earlier, whatever the intake does later.
/// </remarks>
public sealed record PollPlan(IReadOnlyList<BlobVersion> ToSend, IReadOnlyList<string> ToForget)
{
    public static PollPlan From(string container, IReadOnlyList<BlobVersion> listing, EmittedBlobs emitted)
    {
        ArgumentNullException.ThrowIfNull(listing);
        ArgumentNullException.ThrowIfNull(emitted);
        var filter = new IntakeFilter(container);
        var changed = listing.Where(blob => !emitted.Holds(blob)).ToList();
        var markers = changed.Where(blob => IsFolderMarker(filter, container, blob)).ToList();
        var listed = listing.Select(blob => blob.Name).ToHashSet(StringComparer.Ordinal);
        return new PollPlan(
            [.. changed.Except(markers), .. markers],
            [.. emitted.Names.Where(name => !listed.Contains(name))]);
    }

    private static bool IsFolderMarker(IntakeFilter filter, string container, BlobVersion blob) =>
        filter.Classify(container, blob.Name).Input?.Kind == SubmissionKind.DicomFolder;
}
