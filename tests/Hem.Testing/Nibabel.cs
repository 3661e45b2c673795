using System.Text.Json;

namespace Hem.Testing;

/// <summary>
/// Reads a NIfTI file back with nibabel (Scripts/read_nifti.py under Debian's python3), the independent check
/// for everything this repository writes as NIfTI. Skips without nibabel, fails under CI=true (see
/// <see cref="ExternalTool"/>).
/// </summary>
public static class Nibabel
{
    public static async Task<JsonElement> ReadAsync(string niftiPath, bool withValues, CancellationToken cancellationToken)
    {
        string python = ExternalTool.RequirePython("nibabel", "numpy");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Testing", "Scripts", "read_nifti.py");
        List<string> arguments = [script, niftiPath];
        if (withValues)
        {
            arguments.Add("--values");
        }

        var result = await ExternalTool.RunAsync(python, arguments, TimeSpan.FromMinutes(2), cancellationToken);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"read_nifti.py exited with {result.ExitCode}: {result.StandardError}");
        }

        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }
}
