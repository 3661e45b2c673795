using System.Text.Json.Nodes;

namespace Hem.Pipeline.Tests.Intake;

/// <summary>Azure's documented sample deliveries (sources in Payloads/README.md), as committed beside the tests.</summary>
internal static class Payloads
{
    public const string EventGridBlobCreated = "eventgrid-blobcreated.json";
    public const string EventGridBatch = "eventgrid-batch.json";
    public const string EventGridSubscriptionValidation = "eventgrid-subscription-validation.json";
    public const string CloudEventBlobCreated = "cloudevents-blobcreated.json";
    public const string CloudEventsBatch = "cloudevents-batch.json";

    public const string EventGridContentType = "application/json; charset=utf-8";
    public const string CloudEventContentType = "application/cloudevents+json; charset=utf-8";
    public const string CloudEventsBatchContentType = "application/cloudevents-batch+json; charset=utf-8";

    public static BinaryData Load(string name) => BinaryData.FromBytes(File.ReadAllBytes(PathOf(name)));

    /// <summary>The sample as a JSON tree, for a test that changes one field and keeps the rest of Azure's shape.</summary>
    public static JsonNode Json(string name) => JsonNode.Parse(File.ReadAllText(PathOf(name)))!;

    public static BinaryData Body(JsonNode json) => BinaryData.FromString(json.ToJsonString());

    /// <summary>The first event of a sample: the element of an Event Grid array, or the CloudEvent object itself.</summary>
    public static JsonNode FirstEvent(JsonNode json) => json is JsonArray array ? array[0]! : json;

    private static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Intake", "Payloads", name);
}
