using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Hem.Dicom;
using Hem.Dicom.Series;
using Hem.Imaging.Synthetic;
using Hem.Testing;

namespace Hem.Imaging.Tests.Synthetic;

/// <summary>
/// A written case checked by tools this project did not write: nibabel reads the NIfTI files with the DICOM
/// geometry, pydicom reads the series with the same positions, spacing and HU, dciodvfy finds no error, and the
/// project's own SeriesScanner and VolumeBuilder read the series back to the NIfTI CT voxel for voxel.
/// </summary>
public sealed class SyntheticCaseOutputTests(SyntheticCaseFixture fixture) : IClassFixture<SyntheticCaseFixture>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public void The_case_folder_holds_every_file_case_json_lists_and_nothing_half_written()
    {
        var listed = fixture.Description.Files;
        foreach (string file in listed)
        {
            Assert.True(Path.Exists(Path.Combine(fixture.CaseFolder, file.TrimEnd('/'))), file);
        }

        Assert.Equal(
            ["baseline/", "followup/", "baseline.ct.nii.gz", "followup.ct.nii.gz", "baseline.mask.nii.gz", "followup.mask.nii.gz", "baseline.labels.nii.gz", "case.json"],
            listed);
        Assert.Single(Directory.GetDirectories(fixture.Root));
        Assert.Empty(Directory.GetFiles(fixture.CaseFolder, "*.tmp", SearchOption.AllDirectories));
        var json = CaseDescription.FromJson(File.ReadAllText(Path.Combine(fixture.CaseFolder, "case.json")));
        Assert.Equal(fixture.Description.BaselineVolumeMl, json.BaselineVolumeMl);
        Assert.Equal(SyntheticGenerator.Version, json.GeneratorVersion);
        Assert.Equal(fixture.Case.Seed, json.Seed);
    }

    [Fact]
    public async Task Mask_volumes_are_voxel_counts_times_voxel_volume_and_case_json_reports_them()
    {
        var python = await fixture.ReadWithPythonAsync(Token);
        var spacing = fixture.Case.Geometry.Spacing;
        double voxelMl = spacing.X * spacing.Y * spacing.Z / 1000;
        var d = fixture.Description;
        long baseline = python.GetProperty("nifti").GetProperty("baseline.mask.nii.gz").GetProperty("nonzero").GetInt64();
        long followUp = python.GetProperty("nifti").GetProperty("followup.mask.nii.gz").GetProperty("nonzero").GetInt64();
        Assert.Equal(baseline, d.BaselineVoxels);
        Assert.Equal(followUp, d.FollowupVoxels);
        Assert.Equal(baseline * voxelMl, d.BaselineVolumeMl, 3);
        Assert.Equal(followUp * voxelMl, d.FollowupVolumeMl, 3);
        Assert.Equal(d.FollowupVolumeMl - d.BaselineVolumeMl, d.GrowthMl, 3);
        Assert.Equal(100 * d.GrowthMl / d.BaselineVolumeMl, d.GrowthPercent, 1);
        Assert.Equal(d.GrowthMl >= 6 || d.GrowthPercent >= 33, d.He);
        foreach (string mask in new[] { "baseline.mask.nii.gz", "followup.mask.nii.gz" })
        {
            var nifti = python.GetProperty("nifti").GetProperty(mask);
            Assert.Equal("uint8", nifti.GetProperty("dtype").GetString());
            Assert.Equal([0, 1], nifti.GetProperty("values").EnumerateArray().Select(v => v.GetInt32()));
        }
    }

    [Fact]
    public async Task Nibabel_reads_every_NIfTI_on_the_DICOM_grid_with_its_affine()
    {
        var python = await fixture.ReadWithPythonAsync(Token);
        var geometry = fixture.Case.Geometry;
        var series = python.GetProperty("dicom").GetProperty("baseline");
        var first = series.GetProperty("positions")[0];
        foreach (var nifti in python.GetProperty("nifti").EnumerateObject())
        {
            var value = nifti.Value;
            Assert.Equal([geometry.Size.X, geometry.Size.Y, geometry.Size.Z], value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(nifti.Name.Contains(".ct.", StringComparison.Ordinal) ? "int16" : "uint8", value.GetProperty("dtype").GetString());
            foreach (string form in new[] { "sform", "qform" })
            {
                var affine = value.GetProperty(form);
                // RAS: the LPS x and y axes negated; the translation is the first DICOM slice's position.
                AssertClose(-geometry.Spacing.X, affine[0][0], nifti.Name);
                AssertClose(-geometry.Spacing.Y, affine[1][1], nifti.Name);
                AssertClose(geometry.Spacing.Z, affine[2][2], nifti.Name);
                AssertClose(-first[0].GetDouble(), affine[0][3], nifti.Name);
                AssertClose(-first[1].GetDouble(), affine[1][3], nifti.Name);
                AssertClose(first[2].GetDouble(), affine[2][3], nifti.Name);
                AssertClose(0, affine[0][1], nifti.Name);
                AssertClose(0, affine[1][0], nifti.Name);
                AssertClose(0, affine[2][0], nifti.Name);
            }
        }
    }

    [Fact]
    public async Task Pydicom_reads_the_series_with_the_grid_positions_spacing_and_the_NIfTI_HU()
    {
        var python = await fixture.ReadWithPythonAsync(Token);
        var geometry = fixture.Case.Geometry;
        foreach (string time in new[] { "baseline", "followup" })
        {
            var series = python.GetProperty("dicom").GetProperty(time);
            Assert.Equal(geometry.Size.Z, series.GetProperty("count").GetInt32());
            Assert.Equal(geometry.Size.Z, series.GetProperty("sopInstanceUids").GetInt32());
            var positions = series.GetProperty("positions");
            for (int k = 0; k < geometry.Size.Z; k++)
            {
                var expected = geometry.IndexToPatient(0, 0, k);
                AssertClose(expected.X, positions[k][0], time);
                AssertClose(expected.Y, positions[k][1], time);
                AssertClose(expected.Z, positions[k][2], time);
            }

            Assert.Equal([1.0, 0, 0, 0, 1, 0], series.GetProperty("orientation").EnumerateArray().Select(e => e.GetDouble()));
            var pixelSpacing = Assert.Single(series.GetProperty("pixelSpacing").EnumerateArray().ToArray());
            AssertClose(geometry.Spacing.Y, pixelSpacing[0], time);
            AssertClose(geometry.Spacing.X, pixelSpacing[1], time);
            Assert.Equal(5.0, Assert.Single(series.GetProperty("sliceThickness").EnumerateArray().ToArray()).GetDouble());
            Assert.Equal(512, Assert.Single(series.GetProperty("rows").EnumerateArray().ToArray()).GetInt32());
            Assert.Equal(512, Assert.Single(series.GetProperty("columns").EnumerateArray().ToArray()).GetInt32());
            var rescale = Assert.Single(series.GetProperty("rescale").EnumerateArray().ToArray());
            Assert.Equal(1.0, rescale[0].GetDouble());
            Assert.Equal(-1024.0, rescale[1].GetDouble());
            Assert.Equal("CT", Assert.Single(series.GetProperty("modality").EnumerateArray().ToArray()).GetString());
            Assert.Equal(@"ORIGINAL\PRIMARY\AXIAL", Assert.Single(series.GetProperty("imageType").EnumerateArray().ToArray()).GetString());
            Assert.Equal(SyntheticDicomSeries.CtImageStorage, Assert.Single(series.GetProperty("sopClass").EnumerateArray().ToArray()).GetString());
            Assert.False(series.GetProperty("hasContrastAgent").GetBoolean());
            string nifti = time == "baseline" ? "baseline.ct.nii.gz" : "followup.ct.nii.gz";
            Assert.Equal(python.GetProperty("nifti").GetProperty(nifti).GetProperty("sha256").GetString(), series.GetProperty("huSha256").GetString());
        }
    }

    [Fact]
    public async Task The_two_scans_are_two_studies_of_one_fake_patient()
    {
        var python = await fixture.ReadWithPythonAsync(Token);
        var baseline = python.GetProperty("dicom").GetProperty("baseline");
        var followUp = python.GetProperty("dicom").GetProperty("followup");
        string Only(JsonElement series, string name) => Assert.Single(series.GetProperty(name).EnumerateArray().ToArray()).GetString()!;
        Assert.Equal(Only(baseline, "patientId"), Only(followUp, "patientId"));
        Assert.Equal(Only(baseline, "patientName"), Only(followUp, "patientName"));
        Assert.Equal(fixture.Case.Identity.PatientName, Only(baseline, "patientName"));
        Assert.NotEqual(Only(baseline, "studyUid"), Only(followUp, "studyUid"));
        Assert.NotEqual(Only(baseline, "seriesUid"), Only(followUp, "seriesUid"));
        Assert.NotEqual(Only(baseline, "accession"), Only(followUp, "accession"));
        Assert.True(string.CompareOrdinal(Only(baseline, "studyDate"), Only(followUp, "studyDate")) <= 0);
        Assert.False(string.IsNullOrWhiteSpace(Only(baseline, "institution")));
    }

    [Fact]
    public async Task SeriesScanner_and_VolumeBuilder_read_the_series_back_to_the_NIfTI_CT_voxel_for_voxel()
    {
        var python = await fixture.ReadWithPythonAsync(Token);
        foreach (string time in new[] { "baseline", "followup" })
        {
            var scan = await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(Path.Combine(fixture.CaseFolder, time)), Token);
            var series = Assert.Single(scan.Series);
            var volume = await new VolumeBuilder().BuildAsync(series, Token);
            Assert.Empty(volume.Corrections);
            var expected = fixture.Case.Geometry;
            Assert.Equal(expected.Size, volume.Size);
            Assert.Equal(expected.Origin, volume.Origin);
            Assert.Equal(expected.Spacing, volume.Spacing);
            string hash = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(volume.Voxels.AsSpan()))).ToLowerInvariant();
            string nifti = time == "baseline" ? "baseline.ct.nii.gz" : "followup.ct.nii.gz";
            Assert.Equal(python.GetProperty("nifti").GetProperty(nifti).GetProperty("sha256").GetString(), hash);
        }
    }

    [Theory]
    [InlineData("baseline", "CT000001.dcm")]
    [InlineData("baseline", "CT000015.dcm")]
    [InlineData("followup", "CT000010.dcm")]
    public async Task Dciodvfy_reports_no_error_on_a_slice(string time, string file)
    {
        string dciodvfy = ExternalTool.Require("dciodvfy", "apt-get install dicom3tools");
        var result = await ExternalTool.RunAsync(dciodvfy, [Path.Combine(fixture.CaseFolder, time, file)], TimeSpan.FromSeconds(60), Token);
        var errors = (result.StandardOutput + "\n" + result.StandardError).Split('\n').Where(l => l.TrimStart().StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "dciodvfy errors:\n" + string.Join("\n", errors));
        Assert.Contains("CTImage", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_seed_writes_the_same_bytes()
    {
        string again = Directory.CreateTempSubdirectory("hem-synth-again-").FullName;
        try
        {
            var scan = SyntheticGenerator.Case(SyntheticCaseFixture.RunSeed, SyntheticCaseFixture.CaseNumber, ScanProtocol.FiveMillimetre);
            await SyntheticCaseWriter.WriteAsync(again, SyntheticCaseFixture.RunSeed, SyntheticCaseFixture.CaseNumber, scan, SyntheticCaseFixture.Options, Token);
            var first = SyntheticCaseFixture.Hashes(fixture.CaseFolder);
            var second = SyntheticCaseFixture.Hashes(Path.Combine(again, SyntheticGenerator.CaseFolderName(SyntheticCaseFixture.CaseNumber)));
            Assert.Equal(first.Keys, second.Keys);
            Assert.Equal(first, second);
            Assert.Equal(2 * fixture.Case.Geometry.Size.Z + 6, first.Count);
        }
        finally
        {
            Directory.Delete(again, recursive: true);
        }
    }

    [Fact]
    public async Task An_existing_case_folder_is_refused_and_left_as_it_was()
    {
        var before = SyntheticCaseFixture.Hashes(fixture.CaseFolder);
        await Assert.ThrowsAsync<IOException>(() => SyntheticCaseWriter.WriteAsync(fixture.Root, SyntheticCaseFixture.RunSeed, SyntheticCaseFixture.CaseNumber, fixture.Case, SyntheticCaseFixture.Options, Token));
        Assert.Equal(before, SyntheticCaseFixture.Hashes(fixture.CaseFolder));
        Assert.Single(Directory.GetFileSystemEntries(fixture.Root));
    }

    private static void AssertClose(double expected, JsonElement actual, string what)
    {
        double value = actual.GetDouble();
        Assert.True(Math.Abs(value - expected) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"{what}: expected {expected}, read {value}");
    }
}
