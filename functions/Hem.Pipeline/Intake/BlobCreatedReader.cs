using Azure.Messaging.EventGrid.SystemEvents;
using Azure.Storage.Blobs;

namespace Hem.Pipeline.Intake;

/// <summary>
/// Turns a BlobCreated event into a submission, or into the reason it starts nothing. Container and blob name come
/// from the blob URL through the Storage SDK's <see cref="BlobUriBuilder"/> (which decodes the name and knows the
/// emulator's path-style URLs, <c>http://127.0.0.1:10000/devstoreaccount1/incoming/…</c>); the URL is the address the
/// pipeline reads and the identity the instance id hashes, so the two cannot disagree.
/// </summary>
internal sealed class BlobCreatedReader(IntakeFilter filter)
{
    public StudySubmission? Read(ReceivedEvent received, StorageBlobCreatedEventData data, out IgnoreReason reason)
    {
        reason = IgnoreReason.IncompleteEvent;
        if (!Uri.TryCreate(data.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrWhiteSpace(data.ETag))
        {
            return null;
        }

        var parts = new BlobUriBuilder(url);
        if (string.IsNullOrEmpty(parts.BlobContainerName) || string.IsNullOrEmpty(parts.BlobName))
        {
            return null;
        }

        var classification = filter.Classify(parts.BlobContainerName, parts.BlobName);
        if (classification.Input is not { } input)
        {
            reason = classification.Reason ?? IgnoreReason.NotAStudyInput;
            return null;
        }

        return new StudySubmission
        {
            // The event's URL carries no SAS in practice; dropping any query keeps a credential out of the history.
            BlobUrl = new Uri(url.GetLeftPart(UriPartial.Path)),
            Container = parts.BlobContainerName,
            BlobName = parts.BlobName,
            ETag = InstanceIds.NormaliseETag(data.ETag),
            ContentLength = data.ContentLength,
            Kind = input.Kind,
            StudyPath = input.StudyPath,
            MaskBlobName = input.MaskBlobName,
            EventId = received.Id,
            EventTime = received.Time,
        };
    }
}
