using System.Text.Json.Nodes;
using Hem.Testing;

namespace Hem.Infra.Tests;

/// <summary>
/// Runs the Bicep CLI over a copy of infra-bicep/ once per test run: build and lint of every .bicep file, build and
/// lint of every .bicepparam file, and a snapshot of each parameters file (Bicep evaluates the compiled template with
/// those parameters: modules flattened, loops expanded, conditions decided). The copy lives in a temporary folder,
/// so nothing is written into the repository.
/// </summary>
public sealed class InfraBuild : IAsyncLifetime
{
    /// <summary>
    /// What the parameters files read from the environment. The two secrets are placeholders (never deployed); the
    /// intake subscription is switched on so the snapshots hold it; the rest is removed so the caller's shell cannot
    /// change the results.
    /// </summary>
    private static readonly Dictionary<string, string?> Environment = new()
    {
        ["HEM_DEIDENTIFICATION_KEY"] = "placeholder-for-tests-not-a-key",
        ["HEM_INFERENCE_API_KEY"] = "placeholder-for-tests-not-a-key",
        ["HEM_DEPLOY_EVENT_SUBSCRIPTION"] = "true",
        ["AZURE_ENV_NAME"] = "test",
        ["AZURE_LOCATION"] = "swedencentral",
        ["HEM_INFERENCE_IMAGE"] = null,
        ["HEM_GPU_PROFILE_TYPE"] = null,
        ["SERVICE_INFERENCE_IMAGE_NAME"] = null,
        ["BICEP_TRACING_ENABLED"] = "false",
    };

    private readonly Dictionary<string, JsonObject> _snapshots = new(StringComparer.Ordinal);
    private string? _root;
    private ToolResult? _build;
    private ToolResult? _lint;
    private ToolResult? _buildParams;
    private ToolResult? _lintParams;
    private readonly Dictionary<string, ToolResult> _snapshotRuns = new(StringComparer.Ordinal);

    public static string Source => Path.Combine(RepositoryPaths.Root, "infra-bicep");

    /// <summary>Every .bicep file of infra-bicep/, relative to it, with '/' separators.</summary>
    public static IReadOnlyList<string> BicepFiles { get; } = Relative("*.bicep");

    /// <summary>Every .bicepparam file of infra-bicep/.</summary>
    public static IReadOnlyList<string> ParameterFiles { get; } = Relative("*.bicepparam");

    public ToolResult Build => Ran(_build);

    public ToolResult Lint => Ran(_lint);

    public ToolResult BuildParams => Ran(_buildParams);

    public ToolResult LintParams => Ran(_lintParams);

    /// <summary>Where the build wrote the ARM JSON (main.json, modules/*.json).</summary>
    public string ArmFolder => Path.Combine(Ran(_root), "arm");

    /// <summary>Where build-params wrote the parameters JSON.</summary>
    public string ParamsFolder => Path.Combine(Ran(_root), "params");

    /// <summary>The compiled main.bicep.</summary>
    public JsonObject MainTemplate => ReadJson(Path.Combine(ArmFolder, "main.json"));

    public ToolResult SnapshotRun(string parameterFile) => Ran(_snapshotRuns.GetValueOrDefault(parameterFile));

    /// <summary>The snapshot of a parameters file: predictedResources, outputs, diagnostics.</summary>
    public JsonObject Snapshot(string parameterFile) => Ran(_snapshots.GetValueOrDefault(parameterFile));

    public async ValueTask InitializeAsync()
    {
        if (BicepCli.Executable is null)
        {
            return;
        }

        _root = Directory.CreateTempSubdirectory("hem-infra-").FullName;
        string work = Path.Combine(_root, "infra-bicep");
        foreach (string file in BicepFiles.Concat(ParameterFiles).Append("bicepconfig.json"))
        {
            string target = Path.Combine(work, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(Source, file), target);
        }

        var environment = new Dictionary<string, string?>(Environment)
        {
            ["BICEP_CACHE_DIRECTORY"] = Path.Combine(_root, "bicep-cache"),
        };
        var ct = TestContext.Current.CancellationToken;
        _build = await BicepCli.RunAsync(["build", "--pattern", "**/*.bicep", "--outdir", ArmFolder], work, environment, ct);
        _lint = await BicepCli.RunAsync(["lint", "--pattern", "**/*.bicep"], work, environment, ct);
        _buildParams = await BicepCli.RunAsync(["build-params", "--pattern", "*.bicepparam", "--outdir", ParamsFolder], work, environment, ct);
        _lintParams = await BicepCli.RunAsync(["lint", "--pattern", "*.bicepparam"], work, environment, ct);
        foreach (string parameterFile in ParameterFiles)
        {
            _snapshotRuns[parameterFile] = await BicepCli.RunAsync(["snapshot", parameterFile, "--mode", "overwrite"], work, environment, ct);
            string snapshot = Path.Combine(work, Path.ChangeExtension(parameterFile, ".snapshot.json"));
            if (File.Exists(snapshot))
            {
                _snapshots[parameterFile] = ReadJson(snapshot);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        if (_root is not null && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    public static JsonObject ReadJson(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
    }

    private static List<string> Relative(string pattern) =>
        Directory.EnumerateFiles(Source, pattern, SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Source, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The value, or a skip where the Bicep CLI cannot run here (a failure under CI).</summary>
    private static T Ran<T>(T? value)
        where T : class
    {
        if (BicepCli.Executable is null)
        {
            if (ExternalTool.IsCi)
            {
                throw new InvalidOperationException(BicepCli.Unavailable);
            }

            Assert.Skip(BicepCli.Unavailable!);
        }

        return value ?? throw new InvalidOperationException("the Bicep run did not produce this result; see the other failures");
    }
}
