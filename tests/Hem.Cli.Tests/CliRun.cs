using System.CommandLine;
using Hem.Testing;

namespace Hem.Cli.Tests;

/// <summary>Runs the real `hem` command tree in process with captured output, as every CLI test does.</summary>
internal static class CliRun
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await HemCommandLine.Create().Parse(args).InvokeAsync(
            new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Runs <c>hem COMMAND ARGUMENTS</c>, which must refuse its input: exit code 2 and one line on stderr,
    /// "hem COMMAND: " and a sentence holding <paramref name="message"/>. Returns what it printed on stdout.
    /// </summary>
    public static async Task<string> RefusedAsync(string command, string message, params string[] arguments)
    {
        var (code, output, error) = await RunAsync([command, .. arguments]);
        Assert.True(code == 2, $"exit code {code}: {error}");
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith($"hem {command}: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
        return output;
    }

    /// <summary>A path under the shared DICOM fixtures; the test skips when they are absent.</summary>
    public static string Fixture(string relative)
    {
        string path = Path.Combine(RepositoryPaths.DicomFixtures, relative);
        Assert.SkipUnless(Path.Exists(path), $"the DICOM fixtures are not at {RepositoryPaths.DicomFixtures}");
        return path;
    }
}
