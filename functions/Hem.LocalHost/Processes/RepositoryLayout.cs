using System.Reflection;

namespace Hem.LocalHost.Processes;

/// <summary>
/// Where the local stack finds what it starts when <c>hem</c> runs from a clone of the repository: the pinned Azurite
/// (<c>tools/azurite</c>), the inference service's build (the same configuration as <c>hem</c>'s) and the shipped model.
/// The root is the folder holding <c>HemFunctions.sln</c>, found above <c>hem</c>'s own folder or the current one.
/// </summary>
public sealed class RepositoryLayout
{
    public const string SolutionFile = "HemFunctions.sln";

    private RepositoryLayout(string root) => Root = root;

    public string Root { get; }

    public string AzuriteScript => Path.Combine(Root, "tools", "azurite", "node_modules", "azurite", "dist", "src", "azurite.js");

    public string ShippedModel => Path.Combine(Root, "models", "hem-expansion");

    /// <summary>The inference service's assembly built in <paramref name="configuration"/> (Debug or Release).</summary>
    public string InferenceAssembly(string configuration) =>
        Path.Combine(Root, "gpu-container", "Hem.Inference", "bin", configuration, "net10.0", "Hem.Inference.dll");

    /// <summary>The repository above <see cref="AppContext.BaseDirectory"/> or the current folder, or null outside one.</summary>
    public static RepositoryLayout? Find()
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return new RepositoryLayout(dir.FullName);
                }
            }
        }

        return null;
    }

    /// <summary>The build configuration of an assembly (its AssemblyConfiguration attribute), Debug when it has none.</summary>
    public static string ConfigurationOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration is { Length: > 0 } configuration ? configuration : "Debug";
    }
}
