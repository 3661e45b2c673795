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

    private static JsonElement Function(string name) =>
        Assert.Single(ReadJson("functions.metadata").EnumerateArray(), f => f.GetProperty("name").GetString() == name);

    [Fact]
    public void Metadata_lists_exactly_the_functions_the_app_defines()
    {
        var functions = ReadJson("functions.metadata").EnumerateArray().ToList();

        Assert.Equal(
            new[] { "BackfillCancel", "BackfillOrchestration", "BackfillStart", "BackfillStatus", "EventGridIntake", "Health", "StudyPipeline", "StudyRerun", "StudyStatus" }.Concat(PipelineActivityNames()).Order(StringComparer.Ordinal),
            functions.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(functions, f =>
        {
            Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString());
            Assert.Equal("Hem.Functions.dll", f.GetProperty("scriptFile").GetString());
        });
    }

    [Fact]
    public void Health_is_an_anonymous_GET_on_api_health_with_an_HTTP_result()
    {
        var health = Function("Health");
        Assert.Equal("Hem.Functions.HealthFunction.RunAsync", health.GetProperty("entryPoint").GetString());

        var bindings = health.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(2, bindings.Count);
        AssertHttpTriggerAndResult(bindings, "Anonymous", "health", ["get"]);
    }

    [Theory]
    [InlineData("EventGridIntake", "Hem.Functions.EventGridIntakeFunction.RunAsync", "Function", "events", new[] { "post", "options" })]
    [InlineData("StudyStatus", "Hem.Functions.StudyStatusFunctions.GetStatusAsync", "Function", "studies/{name}", new[] { "get" })]
    [InlineData("StudyRerun", "Hem.Functions.StudyStatusFunctions.RerunAsync", "Admin", "studies/{name}/rerun", new[] { "post" })]
    [InlineData("BackfillStart", "Hem.Functions.BackfillFunctions.StartAsync", "Function", "backfills", new[] { "post" })]
    [InlineData("BackfillStatus", "Hem.Functions.BackfillFunctions.StatusAsync", "Function", "backfills/{id}", new[] { "get" })]
    [InlineData("BackfillCancel", "Hem.Functions.BackfillFunctions.CancelAsync", "Function", "backfills/{id}/cancel", new[] { "post" })]
    public void Durable_HTTP_functions_have_their_route_methods_key_level_and_a_durable_client(string name, string entryPoint, string authLevel, string route, string[] methods)
    {
        var function = Function(name);
        Assert.Equal(entryPoint, function.GetProperty("entryPoint").GetString());

        var bindings = function.GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(3, bindings.Count);
        AssertHttpTriggerAndResult(bindings, authLevel, route, methods);
        var client = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "durableClient");
        Assert.Equal("In", client.GetProperty("direction").GetString());
    }

    private static void AssertHttpTriggerAndResult(List<JsonElement> bindings, string authLevel, string route, string[] methods)
    {
        var trigger = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
        Assert.Equal(authLevel, trigger.GetProperty("authLevel").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal(methods, trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        var output = Assert.Single(bindings, b => b.GetProperty("type").GetString() == "http");
        Assert.Equal("Out", output.GetProperty("direction").GetString());
        Assert.Equal("$return", output.GetProperty("name").GetString());
    }

    [Fact]
    public void The_orchestration_is_one_orchestration_trigger_named_as_the_activities_expect()
    {
        var function = Function("StudyPipeline");

        Assert.Equal("Hem.Functions.StudyPipelineFunctions.RunStudyPipeline", function.GetProperty("entryPoint").GetString());
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray());
        Assert.Equal("orchestrationTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
    }

    /// <summary>Every activity class of the pipeline: the orchestration calls them by these names, so each needs its function.</summary>
    public static TheoryData<string> PipelineActivities() => [.. PipelineActivityNames()];

    private static IEnumerable<string> PipelineActivityNames() =>
        typeof(Hem.Pipeline.Orchestration.StudyPipeline).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && IsActivity(t))
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal);

    private static bool IsActivity(Type type)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Microsoft.DurableTask.TaskActivity<,>))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public void The_pipeline_has_the_activities_of_every_step_and_of_the_backfill()
    {
        Assert.Equal(
            ["CleanUpWork", "CountBackfillInputs", "DeidentifyStudy", "DescribeServedModel", "FindProcessedInputs", "ListBackfillInputs", "PostprocessPrediction", "PredictFollowup", "PreprocessStudy", "PublishResult", "RecordBackfillRows", "RecordRejection", "RecordStudyRun", "SegmentBaseline", "ValidateStudy", "WriteBackfillSummary", "WriteOutputs"],
            PipelineActivityNames());
    }

    [Theory]
    [MemberData(nameof(PipelineActivities))]
    public void Each_activity_is_one_activity_trigger_named_after_its_class(string name)
    {
        var function = Function(name);

        Assert.Equal("Hem.Functions.StudyPipelineFunctions.Run" + name, function.GetProperty("entryPoint").GetString());
        Assert.Single(typeof(Hem.Pipeline.Orchestration.StudyPipeline).Assembly.GetTypes(), t => t.Name == name && IsActivity(t));
        var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray());
        Assert.Equal("activityTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("In", trigger.GetProperty("direction").GetString());
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
        var extensions = host.RootElement.GetProperty("extensions");
        Assert.Equal("api", extensions.GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void Host_json_names_the_task_hub_limits_activities_and_never_traces_payloads()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppOutput, "host.json")));
        var durable = host.RootElement.GetProperty("extensions").GetProperty("durableTask");

        Assert.Equal("HemPipeline", durable.GetProperty("hubName").GetString());
        Assert.InRange(durable.GetProperty("maxConcurrentActivityFunctions").GetInt32(), 1, 4);
        Assert.False(durable.GetProperty("tracing").GetProperty("traceInputsAndOutputs").GetBoolean());
    }
}
