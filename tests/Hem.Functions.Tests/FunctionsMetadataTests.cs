using System.Reflection;
using System.Text.Json;
using Hem.Testing;

namespace Hem.Functions.Tests;

/// <summary>
/// Reads what the Functions worker SDK generated at build: the host discovers functions and bindings from these
/// files alone, so they are the contract with Azure Functions.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static string AppOutput
    {
        get
        {
            string configuration = typeof(FunctionsMetadataTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            return Path.Combine(RepositoryPaths.Root, "functions", "Hem.Functions", "bin", configuration, "net10.0");
        }
    }

    private static JsonElement ReadJson(string fileName)
    {
        string path = Path.Combine(AppOutput, fileName);
        Assert.True(File.Exists(path), $"{fileName} was not generated at {path}");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [Fact]
    public void Metadata_lists_exactly_the_functions_the_app_defines()
    {
        var functions = ReadJson("functions.metadata").EnumerateArray().ToList();

        Assert.Equal(["Health"], functions.Select(f => f.GetProperty("name").GetString()).Order());
        Assert.All(functions, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("Hem.Functions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    [Fact]
    public void Health_is_an_anonymous_GET_on_api_health_with_an_HTTP_result()
    {
        var health = ReadJson("functions.metadata").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Health");
        Assert.Equal("Hem.Functions.HealthFunction.RunAsync", health.GetProperty("entryPoint").GetString());

        var bindings = health.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(2, bindings.Count);
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Equal("health", trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        var output = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http");
        Assert.Equal("Out", output.GetProperty("direction").GetString());
        Assert.Equal("$return", output.GetProperty("name").GetString());
    }

    [Fact]
    public void Worker_config_starts_the_isolated_worker_dll()
    {
        var description = ReadJson("worker.config.json").GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("Hem.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
    }

    [Fact]
    public void The_app_ships_the_repository_host_json_with_the_api_route_prefix()
    {
        string shipped = File.ReadAllText(Path.Combine(AppOutput, "host.json"));

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "host.json")), shipped);
        using var host = JsonDocument.Parse(shipped);
        Assert.Equal("2.0", host.RootElement.GetProperty("version").GetString());
        Assert.Equal("api", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }
}
