using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

public sealed class DicomAuditCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-cli-audit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_hospital_series_has_findings_listed_by_file_number_tag_and_keyword()
    {
        var (code, stdout, _) = await RunAsync("dicom", "audit", Fixture("ct_series/dcmqi_23x38x3"));

        Assert.Equal(1, code);
        string[] lines = stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Contains("file 1/6: (0012,0062) PatientIdentityRemoved: is not YES", lines);
        Assert.Contains(lines, l => l.StartsWith("file 1/6: (0020,000D) StudyInstanceUID: holds a UID that was not replaced", StringComparison.Ordinal));
        Assert.Matches(@"^audited 5 DICOM files: \d+ findings in 5 files$", lines[^1]);
        Assert.DoesNotContain("1.2.826.0.1.3680043", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_input_or_one_without_DICOM_is_bad_input()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "notes.txt"), "nothing here", TestContext.Current.CancellationToken);

        var missing = await RunAsync("dicom", "audit", Path.Combine(_folder, "nope"));
        var empty = await RunAsync("dicom", "audit", _folder);

        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("hem dicom audit: the input does not exist", missing.Error.Trim());
        Assert.Equal(2, empty.ExitCode);
        Assert.Equal("hem dicom audit: no DICOM files in the input (1 files read)", empty.Error.Trim());
    }
}
