using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Imaging.Nifti;
using Hem.Testing;

namespace Hem.Imaging.Tests.Nifti;

public sealed class NiftiReaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-nifti-read-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static VolumeGeometry Oblique(bool leftHanded)
    {
        double angle = 18.5 * Math.PI / 180;
        var row = new Vector3D(1, 0, 0);
        var column = new Vector3D(0, Math.Cos(angle), -Math.Sin(angle));
        var slice = row.Cross(column);
        return new VolumeGeometry(new GridSize(5, 4, 3), new Vector3D(0.5, 0.75, 4), new Vector3D(-125, -169.4, 21.2), row, column, leftHanded ? -slice : slice);
    }

    private static void AssertSameGeometry(VolumeGeometry expected, VolumeGeometry actual)
    {
        Assert.Equal(expected.Size, actual.Size);
        var e = expected.Affine;
        var a = actual.Affine;
        for (int r = 0; r < 3; r++)
        {
            for (int c = 0; c < 4; c++)
            {
                // The header holds float32: about 7 significant digits.
                Assert.True(Math.Abs(e[r, c] - a[r, c]) <= 2e-5 * Math.Max(1, Math.Abs(e[r, c])), $"affine[{r},{c}]: wrote {e[r, c]}, read {a[r, c]}");
            }
        }
    }

    [Theory]
    [InlineData("ct.nii", false)]
    [InlineData("ct.nii.gz", true)]
    public async Task What_the_writer_writes_reads_back_with_the_same_grid_and_voxels(string name, bool leftHanded)
    {
        var geometry = Oblique(leftHanded);
        short[] hu = [.. Enumerable.Range(0, 60).Select(i => (short)((i * 97) - 1024))];
        float[] p = [.. Enumerable.Range(0, 60).Select(i => i / 7f)];
        byte[] mask = [.. Enumerable.Range(0, 60).Select(i => (byte)(i % 3 == 0 ? 1 : 0))];
        string huPath = Path.Combine(_folder, "hu-" + name), pPath = Path.Combine(_folder, "p-" + name), maskPath = Path.Combine(_folder, "m-" + name);
        await NiftiWriter.WriteAsync(huPath, geometry, hu, "hu", Token);
        await NiftiWriter.WriteAsync(pPath, geometry, p, "p", Token);
        await NiftiWriter.WriteAsync(maskPath, geometry, mask, "mask", Token);

        var huImage = await NiftiReader.ReadAsync(huPath, cancellationToken: Token);
        var pImage = await NiftiReader.ReadAsync(pPath, cancellationToken: Token);
        var maskImage = await NiftiReader.ReadAsync(maskPath, cancellationToken: Token);

        Assert.Equal(NiftiTransformSource.Sform, huImage.TransformSource);
        Assert.Equal(NiftiDataType.Signed16, huImage.Header.DataType);
        Assert.Equal("hu", huImage.Header.Description);
        AssertSameGeometry(geometry, huImage.Geometry);
        Assert.Equal(leftHanded ? -1 : 1, huImage.Header.Qfac);
        Assert.Equal(geometry.IsRightHanded, huImage.Geometry.IsRightHanded);
        Assert.Equal(hu, huImage.ToHounsfield().Voxels);
        Assert.Equal(p, pImage.ToFloat().Voxels);
        Assert.Equal(mask, maskImage.ToMask().Voxels);
        AssertSameGeometry(geometry, maskImage.Geometry);
    }

    [Fact]
    public async Task Files_nibabel_writes_read_with_nibabels_affine_and_values()
    {
        string python = ExternalTool.RequirePython("nibabel", "numpy");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Imaging.Tests", "Scripts", "make_nifti_cases.py");
        var result = await ExternalTool.RunAsync(python, [script, _folder], TimeSpan.FromMinutes(2), Token);
        Assert.True(result.ExitCode == 0, result.StandardError);
        using var cases = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal(11, cases.RootElement.GetArrayLength());

        foreach (var item in cases.RootElement.EnumerateArray())
        {
            string file = item.GetProperty("file").GetString()!;
            var image = await NiftiReader.ReadAsync(Path.Combine(_folder, file), cancellationToken: Token);
            var expected = item.GetProperty("affine");
            var lps = image.Geometry.Affine;
            for (int r = 0; r < 3; r++)
            {
                for (int c = 0; c < 4; c++)
                {
                    double ras = r < 2 ? -lps[r, c] : lps[r, c];
                    double want = expected[r][c].GetDouble();
                    Assert.True(Math.Abs(ras - want) <= 1e-5 * Math.Max(1, Math.Abs(want)), $"{file} affine[{r},{c}]: nibabel {want}, read {ras}");
                }
            }

            var values = image.ToFloat().Voxels;
            var wanted = item.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(wanted.Length, values.Length);
            for (int i = 0; i < values.Length; i++)
            {
                Assert.True(Math.Abs(values[i] - wanted[i]) <= 1e-6 * Math.Max(1, Math.Abs(wanted[i])), $"{file} voxel {i}: nibabel {wanted[i]}, read {values[i]}");
            }

            string dtype = item.GetProperty("dtype").GetString()!.TrimStart('<', '>', '=', '|');
            Assert.Equal(dtype, image.Header.DataType switch
            {
                NiftiDataType.Unsigned8 => "u1",
                NiftiDataType.Signed8 => "i1",
                NiftiDataType.Signed16 => "i2",
                NiftiDataType.Unsigned16 => "u2",
                NiftiDataType.Signed32 => "i4",
                NiftiDataType.Real32 => "f4",
                _ => "f8",
            });

            var source = item.GetProperty("sform_code").GetInt32() > 0 ? NiftiTransformSource.Sform : NiftiTransformSource.Qform;
            Assert.Equal(source, image.TransformSource);
        }

        var scaled = await NiftiReader.ReadAsync(Path.Combine(_folder, "scaled_int16.nii.gz"), cancellationToken: Token);
        Assert.True(scaled.Header.IsScaled);
        var leftHanded = await NiftiReader.ReadAsync(Path.Combine(_folder, "qform_only_left_handed_float32.nii"), cancellationToken: Token);
        Assert.False(leftHanded.Geometry.IsRightHanded);
        var big = await NiftiReader.ReadAsync(Path.Combine(_folder, "big_endian_int16.nii"), cancellationToken: Token);
        Assert.True(big.Header.BigEndian);
        Assert.Equal(NiftiDataType.Signed16, big.Header.DataType);
    }

    /// <summary>A valid little-endian int16 header for a 2 x 2 x 2 image, for tests to spoil.</summary>
    private static byte[] ValidFile()
    {
        var geometry = new VolumeGeometry(new GridSize(2, 2, 2), new Vector3D(1, 1, 1), new Vector3D(0, 0, 0), new Vector3D(1, 0, 0), new Vector3D(0, 1, 0), new Vector3D(0, 0, 1));
        var header = NiftiHeader.Create(geometry, NiftiDataType.Signed16, "t");
        return [.. header, .. new byte[16]];
    }

    public static TheoryData<string, int, byte[], string> SpoiledHeaders() => new()
    {
        { "sizeof_hdr", 0, [0, 0, 0, 0], "sizeof_hdr is not 348" },
        { "NIfTI-2", 0, [0x1c, 0x02, 0, 0], "NIfTI-2" },
        { "ni1 magic", 344, "ni1\0"u8.ToArray(), "two-file" },
        { "bad magic", 344, "abcd"u8.ToArray(), "magic is not 'n+1'" },
        { "dim[0] 0", 40, [0, 0], "dim[0] is 0" },
        { "negative dim", 42, [0xfe, 0xff], "dim[1] is -2" },
        { "4D", 40, [4, 0, 2, 0, 2, 0, 2, 0, 3, 0], "dim[4] is 3" },
        { "datatype RGB", 70, [128, 0], "datatype 128" },
        { "bitpix", 72, [8, 0], "bitpix 8" },
        { "vox_offset", 108, BitConverter.GetBytes(100f), "vox_offset 100" },
        { "units", 123, [1], "not millimetres" },
        { "huge", 42, [0xff, 0x7f, 0xff, 0x7f, 0xff, 0x7f], "above the limit" },
    };

    [Theory]
    [MemberData(nameof(SpoiledHeaders))]
    public async Task Spoiled_headers_are_refused_with_a_message_naming_the_field(string what, int offset, byte[] bytes, string message)
    {
        var file = ValidFile();
        bytes.CopyTo(file, offset);
        string path = Path.Combine(_folder, what + ".nii");
        await File.WriteAllBytesAsync(path, file, Token);

        var error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiReader.ReadAsync(path, cancellationToken: Token));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_files_are_refused_before_allocating_and_truncated_gzip_when_it_ends()
    {
        var file = ValidFile();
        string shortPath = Path.Combine(_folder, "short.nii");
        await File.WriteAllBytesAsync(shortPath, file[..^1], Token);
        var error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiReader.ReadAsync(shortPath, cancellationToken: Token));
        Assert.Contains("declares 16 bytes of voxels from byte 352", error.Message, StringComparison.Ordinal);

        string headerOnly = Path.Combine(_folder, "header.nii");
        await File.WriteAllBytesAsync(headerOnly, file[..200], Token);
        error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiReader.ReadAsync(headerOnly, cancellationToken: Token));
        Assert.Contains("inside the 348-byte NIfTI-1 header", error.Message, StringComparison.Ordinal);

        string gz = Path.Combine(_folder, "short.nii.gz");
        using (var output = new MemoryStream())
        {
            using (var zip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(file, 0, file.Length - 3);
            }

            await File.WriteAllBytesAsync(gz, output.ToArray(), Token);
        }

        error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiReader.ReadAsync(gz, cancellationToken: Token));
        Assert.Contains("ends after 13 of 16 bytes", error.Message, StringComparison.Ordinal);

        // A limit the caller sets is applied before anything is allocated.
        var limited = new NiftiReadOptions { MaxVoxelBytes = 15 };
        error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiReader.ReadAsync(Path.Combine(_folder, "short.nii"), limited, Token));
        Assert.Contains("above the limit of 15", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sheared_sform_is_refused_and_scaling_applies_slope_and_intercept()
    {
        var file = ValidFile();
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(284), 0.5f); // srow_x[1]: y steps also move along x
        string sheared = Path.Combine(_folder, "sheared.nii");
        await File.WriteAllBytesAsync(sheared, file, Token);
        var error = await Assert.ThrowsAsync<NiftiFormatException>(() => NiftiReader.ReadAsync(sheared, cancellationToken: Token));
        Assert.Contains("not perpendicular", error.Message, StringComparison.Ordinal);

        file = ValidFile();
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(112), 2f);
        BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(116), -1024f);
        BinaryPrimitives.WriteInt16LittleEndian(file.AsSpan(352 + 14), 7);
        string scaled = Path.Combine(_folder, "scaled.nii");
        await File.WriteAllBytesAsync(scaled, file, Token);
        var image = await NiftiReader.ReadAsync(scaled, cancellationToken: Token);
        Assert.Equal([-1024f, -1024f, -1024f, -1024f, -1024f, -1024f, -1024f, -1010f], image.ToFloat().Voxels);
        Assert.Equal(-1010, image.ToHounsfield()[1, 1, 1]);
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1], image.ToMask().Voxels);
    }
}
