using System.Reflection;
using System.Runtime.InteropServices;
using Hem.Testing;

namespace Hem.Infra.Tests;

/// <summary>
/// The Bicep CLI of the Azure.Bicep.CommandLine.linux-x64 package (version pinned in Directory.Packages.props), run
/// from the NuGet package folder whose path the build passes in as assembly metadata.
/// </summary>
public static class BicepCli
{
    private static readonly (string? Path, string? Reason) Located = Locate();

    /// <summary>The executable, or null with <see cref="Unavailable"/> saying why.</summary>
    public static string? Executable => Located.Path;

    public static string? Unavailable => Located.Reason;

    public static Task<ToolResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
        => ExternalTool.RunAsync(
            Executable ?? throw new InvalidOperationException(Unavailable),
            arguments,
            workingDirectory,
            environment,
            TimeSpan.FromMinutes(3),
            cancellationToken);

    /// <summary>Every line Bicep printed: with --outdir/--outfile a clean build or lint prints nothing at all.</summary>
    public static IReadOnlyList<string> Diagnostics(ToolResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static (string? Path, string? Reason) Locate()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return (null, "the Bicep compiler package referenced here (Azure.Bicep.CommandLine.linux-x64) runs on Linux x64 only");
        }

        string? path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepExecutable")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            return (null, $"the Bicep executable of package Azure.Bicep.CommandLine.linux-x64 was not found ({path}); restore tests/Hem.Infra.Tests");
        }

        // NuGet extracts the file with the mode the package recorded; make sure it can be run.
        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return (path, null);
    }
}
