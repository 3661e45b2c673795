using System.Text.RegularExpressions;
using Hem.Testing;

namespace Hem.LocalHost.Tests.Compose;

/// <summary>
/// docker-compose.yml and the images it builds, checked without a Docker engine (the build machines have none): the
/// Compose tool validates the file, every port is published on loopback only, and every file the Dockerfiles copy exists.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static readonly string ComposeFile = Path.Combine(RepositoryPaths.Root, "docker-compose.yml");

    private static readonly Dictionary<string, string?> Keys = new()
    {
        ["HEM_INFERENCE_API_KEY"] = "0123456789abcdef0123",
        ["HEM_TOPIC_KEY"] = "topic-key",
        ["HEM_DEIDENTIFICATION_KEY"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    };

    [Fact]
    public async Task Compose_validates_the_file_and_lists_the_stack_and_its_profiles()
    {
        var valid = await ComposeAsync(Keys, "config", "--quiet");
        var services = await ComposeAsync(Keys, "--profile", "gpu", "--profile", "functions", "config", "--services");

        Assert.True(valid.ExitCode == 0, valid.Output);
        Assert.True(services.ExitCode == 0, services.Output);
        Assert.Equal(["azurite", "functions", "inference", "inference-gpu", "pipeline"], services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Compose_refuses_to_run_without_the_keys_it_needs()
    {
        var missing = await ComposeAsync(new Dictionary<string, string?>(Keys) { ["HEM_INFERENCE_API_KEY"] = null }, "config", "--quiet");

        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("HEM_INFERENCE_API_KEY", missing.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_port_is_published_on_loopback_only()
    {
        var published = PortMapping().Matches(File.ReadAllText(ComposeFile)).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(published);
        Assert.All(published, port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gpu-container/Dockerfile")]
    [InlineData("functions/Hem.Functions/Dockerfile")]
    [InlineData("functions/Hem.Cli/Dockerfile")]
    public void Every_file_a_Dockerfile_copies_from_the_repository_exists(string dockerfile)
    {
        string text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, dockerfile));
        Assert.Contains(dockerfile, File.ReadAllText(ComposeFile), StringComparison.Ordinal);
        var sources = CopyLine().Matches(text).SelectMany(m => m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..^1]).ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source => Assert.True(Path.Exists(Path.Combine(RepositoryPaths.Root, source)), $"{dockerfile} copies {source}, which does not exist"));
    }

    /// <summary>Runs Compose v2 (`docker compose`) when the Docker CLI has it, else Compose v1 (`docker-compose`, Debian's package).</summary>
    private static async Task<(int ExitCode, string Output)> ComposeAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var token = TestContext.Current.CancellationToken;
        var timeout = TimeSpan.FromMinutes(1);
        string? docker = ExternalTool.Find("docker");
        bool v2 = docker is not null && (await ExternalTool.RunAsync(docker, ["compose", "version"], timeout, token)).ExitCode == 0;
        var result = v2
            ? await ExternalTool.RunAsync(docker!, ["compose", "-f", ComposeFile, .. arguments], RepositoryPaths.Root, environment, timeout, token)
            : await ExternalTool.RunAsync(ExternalTool.Require("docker-compose", "apt-get install docker-compose"), ["-f", ComposeFile, .. arguments], RepositoryPaths.Root, environment, timeout, token);
        return (result.ExitCode, result.StandardOutput + result.StandardError);
    }

    [GeneratedRegex(@"""(\d[\d.]*:\d+:\d+|\d+:\d+)""")]
    private static partial Regex PortMapping();

    [GeneratedRegex(@"^COPY (?!--from)(?:--chown=\S+ )?(.+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();
}
