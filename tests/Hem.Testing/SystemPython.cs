using System.Diagnostics;

namespace Hem.Testing;

/// <summary>
/// Runs the Debian Python (/usr/bin/python3, with pydicom, numpy and nibabel from apt) for cross-checks against
/// independent tools. The python3 on PATH may be another interpreter without those modules, so this one is
/// called by its full path. Missing modules skip a test locally but fail it under CI=true, where .ci/run
/// installs them: a cross-check must not pass by not running.
/// </summary>
public static class SystemPython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Null when the interpreter imports every module; otherwise why not, for Assert.Skip.</summary>
    public static string? Unavailable(params string[] modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        string? reason = null;
        if (!File.Exists(Interpreter))
        {
            reason = $"{Interpreter} is not installed";
        }
        else
        {
            using var process = Process.Start(new ProcessStartInfo(Interpreter, ["-c", "import " + string.Join(", ", modules)])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                reason = $"{Interpreter} cannot import {string.Join(", ", modules)} (apt-get install python3-nibabel python3-numpy python3-pydicom)";
            }
        }

        if (reason is not null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{reason}; under CI=true this cross-check must run");
        }

        return reason;
    }

    /// <summary>Runs a script from tests/Hem.Testing/Scripts and returns its standard output; a non-zero exit throws with stderr.</summary>
    public static async Task<string> RunScriptAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        string path = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Testing", "Scripts", script);
        var start = new ProcessStartInfo(Interpreter, [path, .. arguments])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Interpreter} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {await error}");
        }

        return await output;
    }
}
