using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using Hem.Dicom;
using Hem.Dicom.Series;
using Hem.Imaging.Nifti;
using Hem.Testing;

namespace Hem.Imaging.Tests.Nifti;

public sealed class NiftiWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-nifti-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A small oblique grid like a tilted head CT: columns cross the patient obliquely, 18.5 degrees.</summary>
    private static VolumeGeometry Oblique(bool leftHanded = false)
    {
        double angle = 18.5 * Math.PI / 180;
        var row = new Vector3D(1, 0, 0);
        var column = new Vector3D(0, Math.Cos(angle), -Math.Sin(angle));
        var slice = row.Cross(column);
        return new VolumeGeometry(new GridSize(5, 4, 3), new Vector3D(0.5, 0.75, 4), new Vector3D(-125, -169.4, 21.2), row, column, leftHanded ? -slice : slice);
    }

    private static VolumeGeometry Mirrored() =>
        new(new GridSize(5, 4, 3), new Vector3D(0.39, 0.39, 10), new Vector3D(99.5, -301.5, -149), new Vector3D(-1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, -1));

    /// <summary>The RAS affine written independently: LPS axis steps and origin with x and y negated.</summary>
    private static double[,] ExpectedRas(VolumeGeometry g)
    {
        Vector3D[] columns = [g.Spacing.X * g.RowDirection, g.Spacing.Y * g.ColumnDirection, g.Spacing.Z * g.SliceDirection, g.Origin];
        var ras = new double[4, 4];
        for (int c = 0; c < 4; c++)
        {
            ras[0, c] = -columns[c].X;
            ras[1, c] = -columns[c].Y;
            ras[2, c] = columns[c].Z;
        }

        ras[3, 3] = 1;
        return ras;
    }

    private static void AssertAffine(double[,] expected, JsonElement actual, string which)
    {
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                double value = actual[r][c].GetDouble();
                // Header fields are float32: about 7 significant digits.
                double tolerance = 1e-5 * Math.Max(1, Math.Abs(expected[r, c]));
                Assert.True(Math.Abs(value - expected[r, c]) <= tolerance, $"{which}[{r},{c}]: expected {expected[r, c]}, nibabel read {value}");
            }
        }
    }

    private static Task<JsonElement> ReadWithNibabelAsync(string path, bool values) => Nibabel.ReadAsync(path, values, Token);

    private static void AssertHeaderAsNibabelReadsIt(JsonElement nifti, VolumeGeometry geometry, string dtype)
    {
        Assert.Equal([geometry.Size.X, geometry.Size.Y, geometry.Size.Z], nifti.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(dtype, nifti.GetProperty("dtype").GetString());
        Assert.Equal(1, nifti.GetProperty("sform_code").GetInt32());
        Assert.Equal(1, nifti.GetProperty("qform_code").GetInt32());
        Assert.Equal("mm", nifti.GetProperty("units")[0].GetString());
        Assert.Equal(352, nifti.GetProperty("vox_offset").GetDouble());
        Assert.Equal("n+1", nifti.GetProperty("magic").GetString());
        Assert.Equal(geometry.IsRightHanded ? 1 : -1, nifti.GetProperty("pixdim")[0].GetDouble());
        var ras = ExpectedRas(geometry);
        AssertAffine(ras, nifti.GetProperty("sform"), "sform");
        AssertAffine(ras, nifti.GetProperty("qform"), "qform");
    }

    [Theory]
    [InlineData("oblique.nii", false)]
    [InlineData("oblique.nii.gz", false)]
    [InlineData("left_handed.nii", true)]
    [InlineData("left_handed.nii.gz", true)]
    public async Task Int16_volumes_read_back_by_nibabel_with_the_same_RAS_affine_and_values(string name, bool leftHanded)
    {
        var geometry = Oblique(leftHanded);
        short[] voxels = Enumerable.Range(0, 60).Select(i => (short)((i * 97) - 1024)).ToArray();
        string path = Path.Combine(_folder, name);

        await NiftiWriter.WriteAsync(path, geometry, voxels, "test", Token);
        var nifti = await ReadWithNibabelAsync(path, values: true);

        AssertHeaderAsNibabelReadsIt(nifti, geometry, "int16");
        Assert.Equal(voxels.Select(v => (int)v), nifti.GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Float32_and_uint8_volumes_read_back_by_nibabel()
    {
        var geometry = Mirrored();
        float[] probabilities = Enumerable.Range(0, 60).Select(i => i / 59f).ToArray();
        byte[] mask = Enumerable.Range(0, 60).Select(i => (byte)(i % 3 == 0 ? 1 : 0)).ToArray();
        string floatPath = Path.Combine(_folder, "p.nii.gz"), maskPath = Path.Combine(_folder, "mask.nii");

        await NiftiWriter.WriteAsync(floatPath, geometry, probabilities, "probabilities", Token);
        await NiftiWriter.WriteAsync(maskPath, geometry, mask, "mask", Token);
        var floats = await ReadWithNibabelAsync(floatPath, values: true);
        var bytes = await ReadWithNibabelAsync(maskPath, values: true);

        AssertHeaderAsNibabelReadsIt(floats, geometry, "float32");
        AssertHeaderAsNibabelReadsIt(bytes, geometry, "uint8");
        Assert.Equal(probabilities, floats.GetProperty("values").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(mask.Select(b => (int)b), bytes.GetProperty("values").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task The_header_is_348_bytes_then_an_empty_extension_flag_then_the_voxels_at_352()
    {
        var geometry = Oblique();
        short[] voxels = new short[60];
        voxels[59] = 1234;
        string path = Path.Combine(_folder, "plain.nii");

        await NiftiWriter.WriteAsync(path, geometry, voxels, "HemFunctions test", Token);
        byte[] file = await File.ReadAllBytesAsync(path, Token);

        Assert.Equal(352 + (60 * 2), file.Length);
        Assert.Equal(348, BinaryPrimitives.ReadInt32LittleEndian(file));
        Assert.Equal([3, 5, 4, 3, 1, 1, 1, 1], Enumerable.Range(0, 8).Select(i => BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(40 + (2 * i)))));
        Assert.Equal(4, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(70)));
        Assert.Equal(16, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(72)));
        Assert.Equal([1f, 0.5f, 0.75f, 4f], Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(76 + (4 * i)))));
        Assert.Equal(352f, BinaryPrimitives.ReadSingleLittleEndian(file.AsSpan(108)));
        Assert.Equal(2, file[123]);
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(252)));
        Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(254)));
        Assert.Equal("n+1\0"u8.ToArray(), file[344..348]);
        Assert.Equal(new byte[4], file[348..352]);
        Assert.Equal(1234, BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(352 + (59 * 2))));
    }

    [Fact]
    public async Task A_cancelled_write_leaves_nothing_behind_and_keeps_the_old_file()
    {
        string path = Path.Combine(_folder, "ct.nii.gz");
        await File.WriteAllTextAsync(path, "old", Token);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NiftiWriter.WriteAsync(path, Oblique(), new short[60], "x", cancelled.Token));

        Assert.Equal(["ct.nii.gz"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal("old", await File.ReadAllTextAsync(path, Token));
    }

    [Fact]
    public async Task A_write_into_a_missing_folder_fails_without_creating_anything()
    {
        string path = Path.Combine(_folder, "missing", "ct.nii");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => NiftiWriter.WriteAsync(path, Oblique(), new short[60], "x", Token));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_finished_write_replaces_the_old_file_and_leaves_no_temporary()
    {
        string path = Path.Combine(_folder, "ct.nii");
        await File.WriteAllTextAsync(path, "old", Token);

        await NiftiWriter.WriteAsync(path, Oblique(), new short[60], "x", Token);

        Assert.Equal(["ct.nii"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal(352 + 120, new FileInfo(path).Length);
    }

    [Theory]
    [InlineData("ct.nrrd")]
    [InlineData("ct.gz")]
    public async Task Other_extensions_are_refused(string name)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NiftiWriter.WriteAsync(Path.Combine(_folder, name), Oblique(), new short[60], "x", Token));

        Assert.StartsWith("a NIfTI file name ends in .nii or .nii.gz", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_voxel_count_that_does_not_fill_the_grid_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => NiftiWriter.WriteAsync(Path.Combine(_folder, "ct.nii"), Oblique(), new short[59], "x", Token));

        Assert.StartsWith("59 voxels do not fill a 5 x 4 x 3 grid", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tilted_GE_head_volume_reads_back_by_nibabel_with_its_RAS_affine_and_every_voxel()
    {
        string folder = Path.Combine(RepositoryPaths.DicomFixtures, "ct_series_extra", "ge_hispeed_head_tilt");
        Assert.SkipUnless(Directory.Exists(folder), $"the DICOM fixtures are not at {RepositoryPaths.DicomFixtures}");
        var scan = await SeriesScanner.ScanAsync(DicomFileSource.FromFolder(folder), Token);
        var volume = await new VolumeBuilder().BuildAsync(scan.LargestCtSeries!, Token);
        string path = Path.Combine(_folder, "ge.nii.gz");

        await NiftiWriter.WriteAsync(path, volume, Token);
        var nifti = await ReadWithNibabelAsync(path, values: false);

        AssertHeaderAsNibabelReadsIt(nifti, volume.Geometry, "int16");
        string sha = Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(volume.Voxels.AsSpan())));
        Assert.Equal(sha, nifti.GetProperty("sha256").GetString());
    }
}
