using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Keeps <see cref="EmittedBlobs"/> in the storage account itself, as one JSON blob
/// (<c>{stateContainer}/event-source/{container}.json</c>), so that a restarted event source does not send again what
/// the intake already took. Writes are conditional on the ETag read (or on the blob not existing): two sources on one
/// container cannot silently overwrite each other's record.
/// </summary>
public sealed class EmittedBlobStore
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly BlobContainerClient _stateContainer;
    private readonly BlobClient _stateBlob;
    private readonly string _watchedContainer;

    public EmittedBlobStore(BlobServiceClient storage, string stateContainer, string watchedContainer)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(stateContainer);
        ArgumentException.ThrowIfNullOrWhiteSpace(watchedContainer);
        _stateContainer = storage.GetBlobContainerClient(stateContainer);
        _stateBlob = _stateContainer.GetBlobClient(StateBlobName(watchedContainer));
        _watchedContainer = watchedContainer;
    }

    public static string StateBlobName(string watchedContainer) => $"event-source/{watchedContainer}.json";

    /// <summary>The stored record and its ETag; an empty record and no ETag when none was stored yet.</summary>
    public async Task<StoredEmittedBlobs> LoadAsync(CancellationToken cancellationToken)
    {
        await _stateContainer.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        try
        {
            var content = await _stateBlob.DownloadContentAsync(cancellationToken);
            var document = content.Value.Content.ToObjectFromJson<StateDocument>(JsonOptions)
                ?? throw new InvalidDataException("The event source's state blob holds no record.");
            return new StoredEmittedBlobs(new EmittedBlobs(document.Blobs ?? []), content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return new StoredEmittedBlobs(new EmittedBlobs(), null);
        }
    }

    /// <summary>Writes <paramref name="emitted"/> if the stored record is still the one read as <paramref name="expected"/>.</summary>
    /// <returns>The new ETag.</returns>
    /// <exception cref="EmittedBlobStoreConflictException">Someone else wrote the record since.</exception>
    public async Task<ETag> SaveAsync(EmittedBlobs emitted, ETag? expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emitted);
        var document = new StateDocument(1, _watchedContainer, emitted.ETags.ToDictionary(StringComparer.Ordinal));
        var options = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
            Conditions = expected is { } eTag ? new BlobRequestConditions { IfMatch = eTag } : new BlobRequestConditions { IfNoneMatch = ETag.All },
        };
        try
        {
            var response = await _stateBlob.UploadAsync(BinaryData.FromObjectAsJson(document, JsonOptions), options, cancellationToken);
            return response.Value.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new EmittedBlobStoreConflictException(ex);
        }
    }

    private sealed record StateDocument(
        [property: JsonPropertyName("version")] int Version,
        [property: JsonPropertyName("container")] string Container,
        [property: JsonPropertyName("blobs")] Dictionary<string, string>? Blobs);
}

/// <summary>The record as stored, and the ETag a conditional write must match (null: nothing stored yet).</summary>
public sealed record StoredEmittedBlobs(EmittedBlobs Emitted, ETag? ETag);

/// <summary>The state blob changed between reading and writing it: another event source watches the same container.</summary>
public sealed class EmittedBlobStoreConflictException : Exception
{
    public EmittedBlobStoreConflictException()
        : base("The event source's state blob was written by someone else since it was read.")
    {
    }

    public EmittedBlobStoreConflictException(string message)
        : base(message)
    {
    }

    public EmittedBlobStoreConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal EmittedBlobStoreConflictException(RequestFailedException innerException)
        : this("The event source's state blob was written by someone else since it was read.", innerException)
    {
    }
}
