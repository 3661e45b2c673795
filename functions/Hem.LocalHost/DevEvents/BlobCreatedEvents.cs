using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Writes <c>Microsoft.Storage.BlobCreated</c> events in the Event Grid schema, field for field and in the order of
/// Azure's documented sample (<c>tests/Hem.Pipeline.Tests/Intake/Payloads/eventgrid-blobcreated.json</c>), for blobs
/// of one storage account.
/// </summary>
/// <remarks>
/// What Azure knows and a listing does not is filled in plainly: the subscription is all zeros and the resource group
/// <c>local</c>; <c>api</c> is <c>PutBlockList</c> for a block blob (Azure's sample; the intake does not read it);
/// <c>id</c>, <c>requestId</c> and <c>clientRequestId</c> are derived from the blob URL and ETag, so a re-sent event
/// is the same event; <c>eventTime</c> is the blob's last-modified time; <c>sequencer</c> is that time's ticks as 32
/// hex digits, which orders the events of one blob name by string comparison as Azure's does (to the second:
/// the listing's resolution).
/// </remarks>
public sealed class BlobCreatedEvents
{
    /// <summary>The subscription id in the topic: clearly not a real one.</summary>
    public const string LocalSubscription = "00000000-0000-0000-0000-000000000000";

    public const string LocalResourceGroup = "local";

    private readonly string _topic;

    public BlobCreatedEvents(string accountName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        _topic = $"/subscriptions/{LocalSubscription}/resourceGroups/{LocalResourceGroup}/providers/Microsoft.Storage/storageAccounts/{accountName}";
    }

    /// <summary>The event for <paramref name="blob"/> in <paramref name="container"/>, whose address is <paramref name="blobUrl"/>.</summary>
    /// <param name="batchId">Azure's <c>storageDiagnostics.batchId</c>: one per delivery.</param>
    public JsonObject Create(string container, BlobVersion blob, Uri blobUrl, Guid batchId)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentNullException.ThrowIfNull(blob);
        ArgumentNullException.ThrowIfNull(blobUrl);
        string url = blobUrl.AbsoluteUri;
        return new JsonObject
        {
            ["topic"] = _topic,
            ["subject"] = $"/blobServices/default/containers/{container}/blobs/{blob.Name}",
            ["eventType"] = SystemEventNames.StorageBlobCreated,
            ["eventTime"] = blob.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["id"] = DerivedIds.For("event", url, blob.ETag),
            ["data"] = new JsonObject
            {
                ["api"] = blob.BlobType == "BlockBlob" ? "PutBlockList" : "PutBlob",
                ["clientRequestId"] = DerivedIds.For("client-request", url, blob.ETag),
                ["requestId"] = DerivedIds.For("request", url, blob.ETag),
                // Quoted, as Azure's Event Grid schema sample has it; the intake accepts it bare too.
                ["eTag"] = $"\"{blob.ETag}\"",
                ["contentType"] = blob.ContentType ?? "application/octet-stream",
                ["contentLength"] = blob.ContentLength,
                ["blobType"] = blob.BlobType,
                ["url"] = url,
                ["sequencer"] = blob.LastModified.UtcTicks.ToString("X32", CultureInfo.InvariantCulture),
                ["storageDiagnostics"] = new JsonObject { ["batchId"] = batchId.ToString("D") },
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
    }

    /// <summary>A delivery body: a JSON array of events, as Event Grid always sends in its own schema.</summary>
    public static BinaryData Body(IEnumerable<JsonObject> events) =>
        BinaryData.FromString(new JsonArray([.. events]).ToJsonString());
}
