using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hem.Infra.Tests;

/// <summary>Reading resources out of compiled ARM templates and Bicep snapshots.</summary>
public static partial class Arm
{
    /// <summary>
    /// Every resource of a compiled template, those of nested deployments (Bicep modules) included. Resources are an
    /// array, or an object keyed by symbolic name in language version 2.0 templates.
    /// </summary>
    public static IEnumerable<JsonObject> Resources(JsonObject template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var resources = template["resources"] switch
        {
            JsonArray array => array.Select(r => r!.AsObject()),
            JsonObject map => map.Select(r => r.Value!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources)
        {
            yield return resource;
            if (Type(resource) == "Microsoft.Resources/deployments" && resource["properties"]?["template"] is JsonObject nested)
            {
                foreach (var inner in Resources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>A snapshot's predicted resources (already flat: modules expanded, loops unrolled, conditions decided).</summary>
    public static IEnumerable<JsonObject> Predicted(JsonObject snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject());
    }

    public static string? Type(JsonObject resource) => resource["type"]?.GetValue<string>();

    public static IEnumerable<JsonObject> OfType(this IEnumerable<JsonObject> resources, string type) =>
        resources.Where(r => string.Equals(Type(r), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The last segment of a resource name: "acct/default/incoming" gives "incoming", and so does an expression
    /// ending in it, "[format('{0}/{1}/{2}', take(...), 'default', 'incoming')]".
    /// </summary>
    public static string LastNameSegment(JsonObject resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        string name = resource["name"]!.GetValue<string>();
        if (name.StartsWith('[') && TrailingLiteral().Match(name) is { Success: true } match)
        {
            return match.Groups[1].Value;
        }

        return name[(name.LastIndexOf('/') + 1)..];
    }

    /// <summary>App settings of a site given in siteConfig.appSettings as name/value pairs.</summary>
    public static Dictionary<string, JsonNode?> AppSettings(JsonObject site)
    {
        ArgumentNullException.ThrowIfNull(site);
        var settings = site["properties"]?["siteConfig"]?["appSettings"]?.AsArray()
            ?? throw new InvalidOperationException("the site has no siteConfig.appSettings");
        return settings.Select(s => s!.AsObject())
            .ToDictionary(s => s["name"]!.GetValue<string>(), s => s["value"], StringComparer.Ordinal);
    }

    [GeneratedRegex(@"'([^']*)'\)\]$")]
    private static partial Regex TrailingLiteral();
}
