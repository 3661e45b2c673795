using System.Reflection;
using System.Security.Cryptography;

namespace Hem.Pipeline.Analysis;

/// <summary>
/// <c>provenance.json</c>: what went in (a SHA-256 of the input, never its name), what ran (software and model
/// versions, the model card's and ONNX file's hashes), what was read, when, and how long each step took.
/// </summary>
public sealed record AnalysisProvenance(
    string InputKind,
    string InputSha256,
    string Source,
    string Software,
    string SoftwareVersion,
    ModelProvenance Model,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    IReadOnlyList<StepTiming> Steps)
{
    public const string FileName = "provenance.json";

    public static string SoftwareVersionOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }
}

/// <summary>The model as provenance records it.</summary>
public sealed record ModelProvenance(string Name, string Version, string CardSha256, string? OnnxSha256, string ExecutionProvider);

/// <summary>
/// A SHA-256 that identifies an input without naming it: of the file itself, or for a folder, of its files' relative
/// paths and contents in ordinal order (so the same folder gives the same hash wherever it lies).
/// </summary>
public static class InputHash
{
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
        {
            await using var file = File.OpenRead(path);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetFiles(path, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
        var buffer = new byte[1 << 16];
        foreach (string relative in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(relative + "\n"));
            await using var file = File.OpenRead(Path.Combine(path, relative));
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
