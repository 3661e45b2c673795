using System.Diagnostics;

namespace Hem.Testing;

/// <summary>
/// Runs an independent checker (DCMTK, dciodvfy, pydicom) that a test compares against. Where the tool is
/// missing the test is skipped with a reason, except under CI (CI=true), where .ci/run installs every tool and a
/// missing one must fail the run rather than quietly skip the comparison.
/// </summary>
public static class ExternalTool
{
    /// <summary>Debian's interpreter, which carries python3-pydicom and python3-nibabel.</summary>
    public const string DebianPython = "/usr/bin/python3";

    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string? Find(string name)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The tool's path; skips the test (or fails it under CI) when it is not installed.</summary>
    public static string Require(string name, string installHint)
    {
        string? path = Find(name);
        if (path is null)
        {
            string reason = $"{name} is not installed ({installHint})";
            if (IsCi)
            {
                throw new InvalidOperationException(reason + "; .ci/run should have installed it");
            }

            Xunit.Assert.Skip(reason);
        }

        return path!;
    }

    /// <summary>Requires Debian's python3 with the given modules importable.</summary>
    public static string RequirePython(params string[] modules)
    {
        string python = Require(DebianPython, "apt-get install python3");
        var probe = RunAsync(python, ["-c", "import " + string.Join(", ", modules)], TimeSpan.FromSeconds(60), CancellationToken.None).GetAwaiter().GetResult();
        if (probe.ExitCode != 0)
        {
            string reason = $"{DebianPython} cannot import {string.Join(", ", modules)} (apt-get install python3-pydicom python3-nibabel)";
            if (IsCi)
            {
                throw new InvalidOperationException(reason);
            }

            Xunit.Assert.Skip(reason);
        }

        return python;
    }

    public static Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
        => RunAsync(fileName, arguments, workingDirectory: null, environment: null, timeout, cancellationToken);

    /// <summary>
    /// Runs the tool in <paramref name="workingDirectory"/> (null: this process's) with this process's environment
    /// changed by <paramref name="environment"/>: a value sets the variable, null removes it.
    /// </summary>
    public static async Task<ToolResult> RunAsync(string fileName, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = Hem.LocalHost.Processes.ChildProcess.StartInfo(fileName, arguments, environment, workingDirectory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} could not be started");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds} s");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);
