using System.Security.Cryptography;
using System.Text.Json;

namespace Hem.Cli.Tests;

/// <summary><c>hem synth</c> end to end: what it writes, determinism, refusals and bad arguments.</summary>
public sealed class SynthCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-synth-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Out(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task Writes_the_cases_with_progress_per_case_and_a_summary()
    {
        var (code, output, error) = await CliRun.RunAsync("synth", "--out", Out("run"), "--cases", "2", "--seed", "12", "--format", "nifti");
        Assert.True(code == 0, error);
        Assert.Contains("case 1/2 case-0001:", error, StringComparison.Ordinal);
        Assert.Contains("case 2/2 case-0002:", error, StringComparison.Ordinal);
        Assert.Contains("wrote 2 cases (5mm)", output, StringComparison.Ordinal);
        foreach (string name in new[] { "case-0001", "case-0002" })
        {
            string folder = Path.Combine(Out("run"), name);
            Assert.Equal(
                ["baseline.ct.nii.gz", "baseline.mask.nii.gz", "case.json", "followup.ct.nii.gz", "followup.mask.nii.gz"],
                Directory.GetFiles(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Empty(Directory.GetDirectories(folder));
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "case.json"), TestContext.Current.CancellationToken));
            var root = json.RootElement;
            foreach (string property in new[] { "baselineVolumeMl", "followupVolumeMl", "growthMl", "growthPercent", "he", "location", "signs", "seed", "generatorVersion" })
            {
                Assert.True(root.TryGetProperty(property, out _), property);
            }

            foreach (string sign in new[] { "irregular", "swirl", "blend", "blackHole", "island", "ivh", "oedema" })
            {
                Assert.True(root.GetProperty("signs").TryGetProperty(sign, out _), sign);
            }

            Assert.Equal(12, root.GetProperty("runSeed").GetInt64());
        }

        Assert.Equal(["case-0001", "case-0002"], Directory.GetFileSystemEntries(Out("run")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        foreach (var (name, seed) in new[] { ("a", "5"), ("b", "5"), ("c", "6") })
        {
            var (code, _, error) = await CliRun.RunAsync("synth", "--out", Out(name), "--cases", "1", "--seed", seed, "--format", "dicom", "--followup-dicom");
            Assert.True(code == 0, error);
        }

        var a = Hashes(Out("a"));
        Assert.Contains(Path.Combine("case-0001", "baseline", "CT000001.dcm"), a.Keys);
        Assert.Contains(Path.Combine("case-0001", "followup", "CT000001.dcm"), a.Keys);
        Assert.DoesNotContain(Path.Combine("case-0001", "baseline.ct.nii.gz"), a.Keys);
        Assert.Equal(a, Hashes(Out("b")));
        Assert.NotEqual(a[Path.Combine("case-0001", "baseline.mask.nii.gz")], Hashes(Out("c"))[Path.Combine("case-0001", "baseline.mask.nii.gz")]);
    }

    [Fact]
    public async Task Refuses_to_overwrite_an_existing_case_folder_and_writes_nothing()
    {
        Directory.CreateDirectory(Path.Combine(Out("existing"), "case-0002"));
        var (code, output, error) = await CliRun.RunAsync("synth", "--out", Out("existing"), "--cases", "3", "--seed", "1", "--format", "nifti");
        Assert.Equal(2, code);
        Assert.Equal(string.Empty, output);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("case-0002 already exists", error, StringComparison.Ordinal);
        Assert.Equal(["case-0002"], Directory.GetFileSystemEntries(Out("existing")).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--slices", "3mm")]
    [InlineData("--format", "png")]
    [InlineData("--format", "")]
    [InlineData("--cases", "0")]
    [InlineData("--seed", "-4")]
    public async Task Bad_arguments_exit_2_with_one_line(string option, string value)
    {
        var args = new List<string> { "synth", "--out", Out("bad"), "--cases", "1", "--seed", "3", "--format", "nifti" };
        int at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value;
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (code, _, error) = await CliRun.RunAsync([.. args]);
        Assert.Equal(2, code);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("hem synth: ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Out("bad"), "case-0001")));
    }

    [Fact]
    public async Task Follow_up_DICOM_needs_DICOM_and_out_must_not_be_a_file()
    {
        var (code, _, error) = await CliRun.RunAsync("synth", "--out", Out("x"), "--cases", "1", "--seed", "3", "--format", "nifti", "--followup-dicom");
        Assert.Equal(2, code);
        Assert.Contains("--followup-dicom", error, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Out("file"), "not a folder", TestContext.Current.CancellationToken);
        (code, _, error) = await CliRun.RunAsync("synth", "--out", Out("file"), "--cases", "1", "--seed", "3");
        Assert.Equal(2, code);
        Assert.Contains("--out names a file", error, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string> Hashes(string folder)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            hashes[Path.GetRelativePath(folder, file)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)));
        }

        return hashes;
    }
}
