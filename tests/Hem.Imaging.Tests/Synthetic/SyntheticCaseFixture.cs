using System.Security.Cryptography;
using System.Text.Json;
using Hem.Imaging.Synthetic;
using Hem.Testing;

namespace Hem.Imaging.Tests.Synthetic;

/// <summary>
/// One synthetic case written once for a test class: 5 mm slices, DICOM (baseline and follow-up), NIfTI, labels
/// and case.json, in a temporary folder deleted afterwards; with the case itself and what nibabel and pydicom read.
/// </summary>
public sealed class SyntheticCaseFixture : IAsyncLifetime
{
    public const long RunSeed = 41;
    public const int CaseNumber = 1;

    private JsonElement? _python;

    public string Root { get; } = Directory.CreateTempSubdirectory("hem-synth-").FullName;

    public string CaseFolder => Path.Combine(Root, SyntheticGenerator.CaseFolderName(CaseNumber));

    public SyntheticCase Case { get; } = SyntheticGenerator.Case(RunSeed, CaseNumber, ScanProtocol.FiveMillimetre);

    public CaseDescription Description { get; private set; } = null!;

    public static SynthOutputOptions Options { get; } = new() { Dicom = true, Nifti = true, FollowUpDicom = true, Labels = true };

    public async ValueTask InitializeAsync() =>
        Description = await SyntheticCaseWriter.WriteAsync(Root, RunSeed, CaseNumber, Case, Options, TestContext.Current.CancellationToken);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>The case folder as nibabel and pydicom read it (Scripts/read_synthetic_case.py).</summary>
    public async Task<JsonElement> ReadWithPythonAsync(CancellationToken cancellationToken)
    {
        if (_python is { } cached)
        {
            return cached;
        }

        string python = ExternalTool.RequirePython("nibabel", "numpy", "pydicom");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Imaging.Tests", "Scripts", "read_synthetic_case.py");
        var result = await ExternalTool.RunAsync(python, [script, CaseFolder], TimeSpan.FromMinutes(3), cancellationToken);
        Assert.True(result.ExitCode == 0, "read_synthetic_case.py failed: " + result.StandardError);
        using var document = JsonDocument.Parse(result.StandardOutput);
        _python = document.RootElement.Clone();
        return _python.Value;
    }

    /// <summary>SHA-256 of every file under a folder, by relative path.</summary>
    public static SortedDictionary<string, string> Hashes(string folder)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            hashes[Path.GetRelativePath(folder, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return hashes;
    }
}
