using System.CommandLine;
using System.IO.Compression;
using Hem.Testing;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

public sealed class DicomVolumeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-cli-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertOneErrorLine(string error, string expected)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal($"hem dicom volume: {expected}", lines[0].TrimEnd('\r'));
    }

    [Fact]
    public async Task The_dicom_command_lists_volume()
    {
        var (code, output, _) = await RunAsync("dicom", "--help");

        Assert.Equal(0, code);
        Assert.Contains("volume", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_becomes_a_NIfTI_that_nibabel_reads_with_the_DICOM_geometry_in_RAS()
    {
        string output = Path.Combine(_folder, "ct.nii.gz");

        var (code, stdout, stderr) = await RunAsync("dicom", "volume", Fixture("ct_series/philips_ingenuity_brain_5mm"), "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Equal(
            "series: CT, 28 slices (1 series in the input)\nvolume: 512 x 512 x 28 voxels, spacing 0.451 x 0.451 x 5 mm\ncorrections: none\nwrote " + output + "\n",
            stdout.ReplaceLineEndings("\n"));
        var nifti = await Nibabel.ReadAsync(output, withValues: false, Token);
        Assert.Equal([512, 512, 28], nifti.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("int16", nifti.GetProperty("dtype").GetString());
        // DICOM: first slice at (-115.5, -1.85, 696.21) LPS, 0.451171875 mm pixels, 5 mm steps; RAS negates x and y.
        double[,] expected = { { -0.451171875, 0, 0, 115.5 }, { 0, -0.451171875, 0, 1.85 }, { 0, 0, 5, 696.21 }, { 0, 0, 0, 1 } };
        var sform = nifti.GetProperty("sform");
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(expected[r, c], sform[r][c].GetDouble(), 4);
            }
        }
    }

    [Fact]
    public async Task A_tilted_series_reports_its_corrections()
    {
        var (code, stdout, stderr) = await RunAsync("dicom", "volume", Fixture("ct_series_extra/ge_hispeed_head_tilt"), "--out", Path.Combine(_folder, "ge.nii"));

        Assert.True(code == 0, stderr);
        Assert.Contains("volume: 512 x 611 x 37 voxels, spacing 0.488 x 0.488 x 4.002 mm", stdout, StringComparison.Ordinal);
        Assert.Contains("gantry tilt of 18.50 degrees", stdout, StringComparison.Ordinal);
        Assert.Contains("resampled 28 unevenly spaced slices", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_zip_with_non_DICOM_members_gives_the_same_file_as_the_folder()
    {
        string series = Fixture("ct_series/philips_ingenuity_brain_5mm");
        string zip = Path.Combine(_folder, "study.zip");
        await using (var archive = await ZipArchive.CreateAsync(File.Create(zip), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token))
        {
            foreach (string file in Directory.GetFiles(series))
            {
                await archive.CreateEntryFromFileAsync(file, "export/series1/" + Path.GetFileName(file), CompressionLevel.Fastest, Token);
            }

            var readme = archive.CreateEntry("export/README.txt");
            await using (var stream = await readme.OpenAsync(Token))
            {
                await stream.WriteAsync("not DICOM"u8.ToArray(), Token);
            }
        }

        string fromFolder = Path.Combine(_folder, "folder.nii"), fromZip = Path.Combine(_folder, "zip.nii");
        var folderRun = await RunAsync("dicom", "volume", series, "--out", fromFolder);
        var zipRun = await RunAsync("dicom", "volume", zip, "--out", fromZip);

        Assert.True(folderRun.ExitCode == 0, folderRun.Error);
        Assert.True(zipRun.ExitCode == 0, zipRun.Error);
        Assert.Equal(await File.ReadAllBytesAsync(fromFolder, Token), await File.ReadAllBytesAsync(fromZip, Token));
    }

    [Fact]
    public async Task A_zip_entry_that_escapes_the_folder_refuses_the_archive()
    {
        string zip = Path.Combine(_folder, "evil.zip");
        await using (var archive = await ZipArchive.CreateAsync(File.Create(zip), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token))
        {
            await archive.CreateEntryFromFileAsync(Fixture("ct_series/dcmqi_ct_3slice/01.dcm"), "ok/01.dcm", CompressionLevel.Fastest, Token);
            await archive.CreateEntryFromFileAsync(Fixture("ct_series/dcmqi_ct_3slice/02.dcm"), "../../etc/02.dcm", CompressionLevel.Fastest, Token);
        }

        var (code, stdout, stderr) = await RunAsync("dicom", "volume", zip, "--out", Path.Combine(_folder, "ct.nii"));

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        AssertOneErrorLine(stderr, "zip entry 2 of 2 has a path that leaves the archive folder (absolute, or with '..'); the archive is refused");
        Assert.False(File.Exists(Path.Combine(_folder, "ct.nii")));
    }

    [Fact]
    public async Task A_folder_without_DICOM_exits_2_with_one_line()
    {
        string input = Directory.CreateDirectory(Path.Combine(_folder, "notes")).FullName;
        await File.WriteAllTextAsync(Path.Combine(input, "readme.txt"), "no images here", Token);
        await File.WriteAllBytesAsync(Path.Combine(input, "noise.bin"), Enumerable.Range(0, 4096).Select(i => (byte)(i * 31)).ToArray(), Token);
        string output = Path.Combine(_folder, "ct.nii.gz");

        var (code, stdout, stderr) = await RunAsync("dicom", "volume", input, "--out", output);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        AssertOneErrorLine(stderr, "no DICOM image series in the input (2 files read: 2 not readable as DICOM, 0 DICOM but not images)");
        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public async Task A_refused_series_exits_2_with_the_reason()
    {
        var (code, _, stderr) = await RunAsync("dicom", "volume", Fixture("ct_series/pydicom_ct2_head_16x16"), "--out", Path.Combine(_folder, "ct.nii"));

        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "a gap of 202.50 mm between slices 1 and 2 of 4 along the normal is more than 3 times the median spacing of 1.25 mm: slices are missing");
    }

    [Fact]
    public async Task An_unknown_series_uid_exits_2()
    {
        var (code, _, stderr) = await RunAsync("dicom", "volume", Fixture("ct_series/dcmqi_ct_3slice"), "--out", Path.Combine(_folder, "ct.nii"), "--series", "1.2.3.4");

        Assert.Equal(2, code);
        AssertOneErrorLine(stderr, "no series with the given SeriesInstanceUID; the input holds 1 series");
    }

    [Fact]
    public async Task A_missing_input_a_wrong_output_extension_or_a_missing_output_folder_exit_2()
    {
        var missing = await RunAsync("dicom", "volume", Path.Combine(_folder, "nothing"), "--out", Path.Combine(_folder, "ct.nii"));
        var extension = await RunAsync("dicom", "volume", _folder, "--out", Path.Combine(_folder, "ct.nrrd"));
        var folder = await RunAsync("dicom", "volume", _folder, "--out", Path.Combine(_folder, "missing", "ct.nii"));

        Assert.Equal(2, missing.ExitCode);
        AssertOneErrorLine(missing.Error, "the input is neither a folder nor a file");
        Assert.Equal(2, extension.ExitCode);
        AssertOneErrorLine(extension.Error, "--out must name a .nii or .nii.gz file");
        Assert.Equal(2, folder.ExitCode);
        AssertOneErrorLine(folder.Error, "the folder for --out does not exist");
    }
}
