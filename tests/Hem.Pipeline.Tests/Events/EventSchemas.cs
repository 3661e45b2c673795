using System.Text.Json.Nodes;
using Hem.Pipeline.Events;
using Hem.Testing;

namespace Hem.Pipeline.Tests.Events;

/// <summary>Checks a CloudEvent against schemas/events with Python's jsonschema (an independent validator).</summary>
internal static class EventSchemas
{
    private static readonly Dictionary<string, string> DataSchemaByType = new(StringComparer.Ordinal)
    {
        [ResultEventTypes.PredictionCompleted] = "prediction-completed.schema.json",
        [ResultEventTypes.PredictionFailed] = "prediction-failed.schema.json",
        [ResultEventTypes.StudyRejected] = "study-rejected.schema.json",
        [ResultEventTypes.BackfillCompleted] = "backfill-completed.schema.json",
    };

    public static IReadOnlyCollection<string> Types => DataSchemaByType.Keys;

    public static string Envelope => Path.Combine(RepositoryPaths.Root, "schemas", "events", "cloudevent.schema.json");

    public static string DataSchema(string type) => Path.Combine(RepositoryPaths.Root, "schemas", "events", DataSchemaByType[type]);

    /// <summary>The envelope against cloudevent.schema.json and its data against its type's schema.</summary>
    public static async Task AssertValidCloudEventAsync(JsonNode cloudEvent, string what, CancellationToken cancellationToken)
    {
        string type = cloudEvent["type"]!.GetValue<string>();
        await AssertValidAsync(Envelope, cloudEvent, what, cancellationToken);
        await AssertValidAsync(DataSchema(type), cloudEvent["data"]!, what + " data", cancellationToken);
    }

    public static async Task AssertValidAsync(string schema, JsonNode document, string what, CancellationToken cancellationToken)
    {
        var result = await ValidateAsync(schema, document, cancellationToken);
        Assert.True(result.ExitCode == 0, $"{what} does not match {Path.GetFileName(schema)}: {result.StandardError}");
    }

    public static async Task<ToolResult> ValidateAsync(string schema, JsonNode document, CancellationToken cancellationToken)
    {
        string file = Path.Combine(Path.GetTempPath(), $"hem-event-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.ToJsonString(), cancellationToken);
        try
        {
            return await JsonSchemaCheck.ValidateAsync(schema, file, cancellationToken);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
