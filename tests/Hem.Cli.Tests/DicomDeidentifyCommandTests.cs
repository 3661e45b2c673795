using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Hem.Dicom;
using Hem.Dicom.Deidentification;
using Hem.Dicom.Tests.Deidentification;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

public sealed class DicomDeidentifyCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-cli-deid-").FullName;
    private readonly string _key;

    public DicomDeidentifyCommandTests()
    {
        _key = Path.Combine(_folder, "deployment.key");
        File.WriteAllBytes(_key, Encoding.ASCII.GetBytes("cli test deployment key: 0123456789abcdefghij"));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_dicom_command_lists_deidentify_and_audit()
    {
        var (code, output, _) = await RunAsync("dicom", "--help");

        Assert.Equal(0, code);
        Assert.Contains("deidentify", output, StringComparison.Ordinal);
        Assert.Contains("audit", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_series_is_written_under_new_names_the_audit_finds_clean_and_the_input_is_unchanged()
    {
        string input = CopyOf("ct_series/philips_ingenuity_brain_5mm");
        var before = Hashes(input);
        string output = Path.Combine(_folder, "out");

        var (code, stdout, stderr) = await RunAsync("dicom", "deidentify", input, output, "--key-file", _key);

        Assert.True(code == 0, stderr);
        string[] lines = stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        Assert.Equal($"wrote 28 de-identified files to {output} (basic profile)", lines[0]);
        Assert.Matches("^study keys: [0-9a-f]{32}$", lines[1]);
        Assert.Equal("left out: none", lines[2]);
        Assert.Equal(28, stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.StartsWith("hem dicom deidentify: ", StringComparison.Ordinal)));
        var names = Directory.GetFiles(output).Select(Path.GetFileName).ToList();
        Assert.Equal(28, names.Count);
        Assert.All(names, n => Assert.Matches(@"^2\.25\.\d+\.dcm$", n));
        Assert.Empty(names.Intersect(Directory.GetFiles(input).Select(Path.GetFileName)));
        Assert.Equal(before, Hashes(input));
        Assert.DoesNotContain(Directory.GetDirectories(_folder), d => Path.GetFileName(d).StartsWith('.'));

        var audit = await RunAsync("dicom", "audit", output);
        Assert.Equal(0, audit.ExitCode);
        Assert.Equal("audited 28 DICOM files: clean\n", audit.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task The_research_profile_shifts_dates_and_says_so()
    {
        string input = CopyOf("ct_series/dcmqi_23x38x3");
        string output = Path.Combine(_folder, "research");

        var (code, stdout, stderr) = await RunAsync("dicom", "deidentify", input, output, "--key-file", _key, "--profile", "research");

        Assert.True(code == 0, stderr);
        Assert.Contains("(research profile)", stdout, StringComparison.Ordinal);
        var dicom = await DicomReader.ReadFileAsync(Directory.GetFiles(output)[0], cancellationToken: Token);
        Assert.Equal("MODIFIED", dicom.Dataset.GetString(DicomTags.LongitudinalTemporalInformationModified));
        Assert.Equal(0, (await RunAsync("dicom", "audit", output)).ExitCode);
    }

    [Fact]
    public async Task A_zip_is_read_in_place()
    {
        string zip = Path.Combine(_folder, "study.zip");
        await using (var archive = await ZipArchive.CreateAsync(File.Create(zip), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token))
        {
            foreach (string file in Directory.GetFiles(Fixture("ct_series/dcmqi_23x38x3")))
            {
                await archive.CreateEntryFromFileAsync(file, "Doe^Jane/" + Path.GetFileName(file), CompressionLevel.Fastest, Token);
            }
        }

        var (code, stdout, stderr) = await RunAsync("dicom", "deidentify", zip, Path.Combine(_folder, "from-zip"), "--key-file", _key);

        Assert.True(code == 0, stderr);
        Assert.Contains("wrote 5 de-identified files", stdout, StringComparison.Ordinal);
        Assert.Contains("left out: 1 not DICOM", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Doe", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_objects_are_left_out_with_their_reason_code()
    {
        string input = Path.Combine(_folder, "mixed");
        Directory.CreateDirectory(input);
        File.Copy(Fixture("ct/CT1_UNC.explicit_little_endian.dcm"), Path.Combine(input, "ct.dcm"));
        File.Copy(Fixture("quirks/fodicom_GH178.dcm"), Path.Combine(input, "screenshot.dcm"));

        var (code, stdout, stderr) = await RunAsync("dicom", "deidentify", input, Path.Combine(_folder, "out"), "--key-file", _key);

        Assert.True(code == 0, stderr);
        Assert.Contains("left out: 1 refused (secondary-capture)", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nothing_to_write_is_bad_input_and_leaves_no_folder()
    {
        string input = Path.Combine(_folder, "only-sc");
        Directory.CreateDirectory(input);
        File.Copy(Fixture("quirks/fodicom_GH178.dcm"), Path.Combine(input, "screenshot.dcm"));
        string output = Path.Combine(_folder, "out");

        var (code, _, stderr) = await RunAsync("dicom", "deidentify", input, output, "--key-file", _key);

        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "nothing was written (1 refused (secondary-capture))");
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task A_non_empty_output_folder_or_one_inside_the_input_is_refused()
    {
        string input = CopyOf("ct_series/dcmqi_23x38x3");
        string full = Path.Combine(_folder, "full");
        Directory.CreateDirectory(full);
        await File.WriteAllTextAsync(Path.Combine(full, "keep.txt"), "mine", Token);

        var nonEmpty = await RunAsync("dicom", "deidentify", input, full, "--key-file", _key);
        var inside = await RunAsync("dicom", "deidentify", input, Path.Combine(input, "deid"), "--key-file", _key);

        Assert.Equal(2, nonEmpty.ExitCode);
        AssertOneErrorLine(nonEmpty.Error, "the output folder is not empty");
        Assert.Equal("mine", await File.ReadAllTextAsync(Path.Combine(full, "keep.txt"), Token));
        Assert.Equal(2, inside.ExitCode);
        AssertOneErrorLine(inside.Error, "the output folder must lie outside the input, and the input outside it");
        Assert.False(Directory.Exists(Path.Combine(input, "deid")));
    }

    [Fact]
    public async Task A_short_key_is_refused_and_never_printed()
    {
        string key = Path.Combine(_folder, "short.key");
        await File.WriteAllTextAsync(key, "TOPSECRET-but-too-short", Token);

        var (code, stdout, stderr) = await RunAsync("dicom", "deidentify", Fixture("ct_series/dcmqi_23x38x3"), Path.Combine(_folder, "out"), "--key-file", key);

        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "the key holds 23 bytes; at least 32 bytes of secret are required");
        Assert.DoesNotContain("TOPSECRET", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_file_is_required_and_the_profile_is_checked()
    {
        var noKey = await RunAsync("dicom", "deidentify", _folder, Path.Combine(_folder, "out"));
        var badProfile = await RunAsync("dicom", "deidentify", _folder, Path.Combine(_folder, "out"), "--key-file", _key, "--profile", "lenient");

        Assert.NotEqual(0, noKey.ExitCode);
        Assert.Contains("--key-file", noKey.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, badProfile.ExitCode);
        Assert.Contains("lenient", badProfile.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_the_marker_corpus_no_marker_reaches_the_output_files_stdout_or_stderr()
    {
        string input = Path.Combine(_folder, "corpus");
        Directory.CreateDirectory(input);
        var markers = new List<MarkerCorpus.Marker>();
        for (int i = 0; i < 12; i++)
        {
            var corpus = new MarkerCorpus(1 + (i * MarkerCorpus.NumbersPerCorpus));
            var dataset = corpus.Build();
            if (i == 11)
            {
                // One object the policy refuses: its markers must not leak through the refusal either.
                dataset.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES");
            }

            markers.AddRange(corpus.Markers);
            // Input names carry markers too: they must never be echoed.
            await File.WriteAllBytesAsync(Path.Combine(input, corpus.Markers[0].Text + " Doe^Jane.dcm"), DicomWriter.ToPart10Bytes(dataset), Token);
        }

        await File.WriteAllTextAsync(Path.Combine(input, "MRK99999 report.txt"), "MRK99999 not DICOM", Token);
        string output = Path.Combine(_folder, "deid");

        var run = await RunAsync("dicom", "deidentify", input, output, "--key-file", _key);
        var auditOutput = await RunAsync("dicom", "audit", output);
        var auditInput = await RunAsync("dicom", "audit", input);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("wrote 11 de-identified files", run.Output, StringComparison.Ordinal);
        Assert.Contains("left out: 1 not DICOM, 1 refused (burned-in-annotation)", run.Output, StringComparison.Ordinal);
        Assert.Contains("hem dicom deidentify: 13/13", run.Error, StringComparison.Ordinal);
        Assert.Equal(0, auditOutput.ExitCode);
        Assert.Equal(1, auditInput.ExitCode);
        Assert.Contains("(0010,0010) PatientName", auditInput.Output, StringComparison.Ordinal);
        string console = run.Output + run.Error + auditOutput.Output + auditOutput.Error + auditInput.Output + auditInput.Error;
        Assert.DoesNotContain("MRK", console, StringComparison.Ordinal);
        Assert.DoesNotContain("Doe", console, StringComparison.Ordinal);
        Assert.All(markers, m => Assert.DoesNotContain(m.Text, console, StringComparison.Ordinal));
        foreach (string file in Directory.GetFiles(output))
        {
            string bytes = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file, Token));
            var survivors = markers.Where(m => bytes.Contains(m.Text, StringComparison.Ordinal)).Select(m => m.Attribute).ToList();
            Assert.True(survivors.Count == 0, "markers survived in: " + string.Join("; ", survivors));
        }
    }

    private string CopyOf(string fixture)
    {
        string source = Fixture(fixture);
        string copy = Path.Combine(_folder, "in-" + Path.GetFileName(source));
        Directory.CreateDirectory(copy);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), StringComparer.Ordinal);

    private static void AssertOneErrorLine(string error, string expected)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal($"hem dicom deidentify: {expected}", lines[0].TrimEnd('\r'));
    }
}
