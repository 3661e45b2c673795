using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using Hem.LocalHost.DevEvents;
using Hem.Pipeline.Intake;

namespace Hem.LocalHost.Tests.DevEvents;

/// <summary>
/// The event source's BlobCreated events against Azure's documented sample (committed beside the intake tests): the
/// same blob gives the same shape, the same values where they describe the blob, and the same submission.
/// </summary>
public sealed class BlobCreatedEventsTests
{
    private static readonly Uri SampleUrl = new("https://examplestorage.blob.core.windows.net/incoming/study-0001.zip");

    private static readonly BlobVersion SampleBlob = new(
        "study-0001.zip",
        "0x8D4BCC2E4835CD0",
        524288,
        "application/zip",
        "BlockBlob",
        DateTimeOffset.Parse("2017-06-26T18:41:00.9584103Z", CultureInfo.InvariantCulture));

    private readonly EventIntake _intake = new(new IntakeFilter());

    [Fact]
    public void An_event_has_the_samples_fields_in_the_samples_order_with_the_same_kinds_of_values()
    {
        var sample = SampleEvent();

        var ours = new BlobCreatedEvents("examplestorage").Create("incoming", SampleBlob, SampleUrl, Guid.NewGuid());

        AssertSameShape(sample, ours, "$");
    }

    [Fact]
    public void What_describes_the_blob_equals_the_sample_and_what_Azure_alone_knows_is_clearly_local()
    {
        var sample = SampleEvent();
        var batchId = Guid.NewGuid();

        var ours = new BlobCreatedEvents("examplestorage").Create("incoming", SampleBlob, SampleUrl, batchId);

        foreach (string path in new[] { "subject", "eventType", "eventTime", "dataVersion", "metadataVersion" })
        {
            Assert.Equal(sample[path]!.ToJsonString(), ours[path]!.ToJsonString());
        }

        foreach (string path in new[] { "api", "eTag", "contentType", "contentLength", "blobType", "url" })
        {
            Assert.Equal(sample["data"]![path]!.ToJsonString(), ours["data"]![path]!.ToJsonString());
        }

        Assert.Equal(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local/providers/Microsoft.Storage/storageAccounts/examplestorage",
            ours["topic"]!.GetValue<string>());
        Assert.Equal(batchId.ToString("D"), ours["data"]!["storageDiagnostics"]!["batchId"]!.GetValue<string>());
        Assert.Matches("^[0-9A-F]{32}$", ours["data"]!["sequencer"]!.GetValue<string>());
        Assert.True(Guid.TryParse(ours["id"]!.GetValue<string>(), out _));
    }

    [Fact]
    public void Azure_Messaging_EventGrid_reads_it_as_StorageBlobCreatedEventData()
    {
        var body = BlobCreatedEvents.Body([new BlobCreatedEvents("examplestorage").Create("incoming", SampleBlob, SampleUrl, Guid.NewGuid())]);

        var parsed = Assert.Single(EventGridEvent.ParseMany(body));

        Assert.Equal(SystemEventNames.StorageBlobCreated, parsed.EventType);
        Assert.Equal("/blobServices/default/containers/incoming/blobs/study-0001.zip", parsed.Subject);
        Assert.Equal(SampleBlob.LastModified, parsed.EventTime);
        Assert.True(parsed.TryGetSystemEventData(out object data));
        var blobCreated = Assert.IsType<StorageBlobCreatedEventData>(data);
        Assert.Equal("\"0x8D4BCC2E4835CD0\"", blobCreated.ETag);
        Assert.Equal(524288, blobCreated.ContentLength);
        Assert.Equal("application/zip", blobCreated.ContentType);
        Assert.Equal("BlockBlob", blobCreated.BlobType);
        Assert.Equal(SampleUrl.AbsoluteUri, blobCreated.Url);
        Assert.Equal("PutBlockList", blobCreated.Api);
    }

    [Fact]
    public void The_intake_makes_of_it_the_submission_it_makes_of_Azures_sample()
    {
        var fromAzure = Assert.Single(_intake.Parse(SampleBody(), "application/json").Submissions);
        var body = BlobCreatedEvents.Body([new BlobCreatedEvents("examplestorage").Create("incoming", SampleBlob, SampleUrl, Guid.NewGuid())]);

        var decision = _intake.Parse(body, "application/json; charset=utf-8");

        Assert.Equal(EventSchema.EventGrid, decision.Schema);
        Assert.Empty(decision.Ignored);
        var ours = Assert.Single(decision.Submissions);
        // Everything but the event id, which Azure makes up per event: blob, ETag, kind, paths, length, time, instance.
        Assert.Equal(fromAzure with { EventId = ours.EventId }, ours);
        Assert.Equal(fromAzure.InstanceId, ours.InstanceId);
    }

    [Fact]
    public void The_same_blob_version_is_the_same_event_and_a_new_ETag_is_a_new_one()
    {
        var events = new BlobCreatedEvents("examplestorage");

        var first = events.Create("incoming", SampleBlob, SampleUrl, Guid.NewGuid());
        var again = events.Create("incoming", SampleBlob, SampleUrl, Guid.NewGuid());
        var rewritten = events.Create("incoming", SampleBlob with { ETag = "0x8D4BCC2E4835CD9", LastModified = SampleBlob.LastModified.AddSeconds(3) }, SampleUrl, Guid.NewGuid());

        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Equal(first["data"]!["requestId"]!.GetValue<string>(), again["data"]!["requestId"]!.GetValue<string>());
        Assert.NotEqual(first["id"]!.GetValue<string>(), rewritten["id"]!.GetValue<string>());
        // Azure's sequencer orders the events of one blob name by string comparison.
        Assert.True(string.CompareOrdinal(first["data"]!["sequencer"]!.GetValue<string>(), rewritten["data"]!["sequencer"]!.GetValue<string>()) < 0);
    }

    private static BinaryData SampleBody() =>
        BinaryData.FromBytes(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "DevEvents", "Payloads", "eventgrid-blobcreated.json")));

    private static JsonObject SampleEvent() => JsonNode.Parse(SampleBody())!.AsArray()[0]!.AsObject();

    /// <summary>Same property names in the same order at every level, and the same JSON kind for every value.</summary>
    private static void AssertSameShape(JsonNode expected, JsonNode actual, string path)
    {
        Assert.True(expected.GetValueKind() == actual.GetValueKind(), $"{path}: {expected.GetValueKind()} expected, {actual.GetValueKind()} found");
        if (expected.GetValueKind() != JsonValueKind.Object)
        {
            return;
        }

        var expectedObject = expected.AsObject();
        var actualObject = actual.AsObject();
        Assert.Equal(expectedObject.Select(p => p.Key), actualObject.Select(p => p.Key));
        foreach (var (name, value) in expectedObject)
        {
            AssertSameShape(value!, actualObject[name]!, $"{path}.{name}");
        }
    }
}
