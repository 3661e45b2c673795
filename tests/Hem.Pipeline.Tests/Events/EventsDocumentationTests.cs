using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Messaging;
using Hem.Pipeline.Events;
using Hem.Testing;

namespace Hem.Pipeline.Tests.Events;

/// <summary>The examples in docs/EVENTS.md are what the pipeline publishes: schema-valid, parseable, ids by the rule.</summary>
public sealed partial class EventsDocumentationTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_example_matches_the_schemas_and_there_is_one_of_each_type()
    {
        var examples = Examples();

        Assert.Equal(EventSchemas.Types.Order(StringComparer.Ordinal), examples.Select(e => e["type"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        foreach (var example in examples)
        {
            await EventSchemas.AssertValidCloudEventAsync(example, "docs/EVENTS.md example " + example["type"], Token);
        }
    }

    [Fact]
    public void Every_example_parses_as_a_CloudEvent_and_its_id_follows_the_id_rule()
    {
        foreach (var example in Examples())
        {
            var cloudEvent = Assert.Single(CloudEvent.ParseMany(BinaryData.FromString(example.ToJsonString())));
            var data = example["data"]!;
            // A backfill's instance id is its batch id in the example, as EVENTS.md says.
            string instanceId = (data["instanceId"] ?? data["batchId"])!.GetValue<string>();
            Assert.Equal(ResultEventIds.For(instanceId, cloudEvent.Type), cloudEvent.Id);
            Assert.Equal(ResultEventTypes.Source, cloudEvent.Source);
        }
    }

    private static List<JsonNode> Examples()
    {
        string markdown = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "EVENTS.md"));
        return [.. JsonBlock().Matches(markdown).Select(m => JsonNode.Parse(m.Groups["json"].Value)!)];
    }

    [GeneratedRegex("```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
