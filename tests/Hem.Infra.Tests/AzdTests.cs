using Hem.Testing;

namespace Hem.Infra.Tests;

/// <summary>azure.yaml points azd at infra-bicep and at the two services' projects and the inference Dockerfile.</summary>
public sealed class AzdTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "azure.yaml"));

    /// <summary>The value of "key: value" in the block under a parent key (simple two-space YAML, as written here).</summary>
    private static string Value(string block, string key)
    {
        int start = Array.FindIndex(Lines, l => l.TrimEnd() == block);
        Assert.True(start >= 0, $"azure.yaml has no '{block}'");
        int indent = block.Length - block.TrimStart().Length;
        foreach (string line in Lines.Skip(start + 1))
        {
            if (line.Trim().Length > 0 && !line.TrimStart().StartsWith('#') && line.Length - line.TrimStart().Length <= indent)
            {
                break;
            }

            string trimmed = line.Trim();
            if (trimmed.StartsWith(key + ":", StringComparison.Ordinal))
            {
                return trimmed[(key.Length + 1)..].Trim();
            }
        }

        throw new InvalidOperationException($"azure.yaml has no {key} under '{block}'");
    }

    [Fact]
    public void Infrastructure_is_infra_bicep_main()
    {
        Assert.Equal("bicep", Value("infra:", "provider"));
        string folder = Path.Combine(RepositoryPaths.Root, Value("infra:", "path"));
        string module = Value("infra:", "module");

        Assert.True(File.Exists(Path.Combine(folder, module + ".bicep")));
        Assert.True(File.Exists(Path.Combine(folder, module + ".bicepparam")), "azd reads the parameters from main.bicepparam");
    }

    [Fact]
    public void The_pipeline_is_the_Functions_project_on_a_function_host()
    {
        Assert.Equal("function", Value("  pipeline:", "host"));
        Assert.Equal("dotnet", Value("  pipeline:", "language"));
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, Value("  pipeline:", "project"), "Hem.Functions.csproj")));
    }

    [Fact]
    public void The_inference_image_is_built_from_gpu_container_Dockerfile_with_the_repository_root_as_context()
    {
        // azd resolves docker.path and docker.context against the service's project folder.
        string project = Path.Combine(RepositoryPaths.Root, Value("  inference:", "project"));

        Assert.Equal("containerapp", Value("  inference:", "host"));
        Assert.True(File.Exists(Path.Combine(project, "Hem.Inference.csproj")));
        Assert.Equal(
            Path.Combine(RepositoryPaths.Root, "gpu-container", "Dockerfile"),
            Path.GetFullPath(Path.Combine(project, Value("    docker:", "path"))));
        Assert.Equal(
            Path.TrimEndingDirectorySeparator(RepositoryPaths.Root),
            Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Combine(project, Value("    docker:", "context")))));
    }
}
