using System.IO.Compression;
using Hem.Dicom.Series;

namespace Hem.Dicom.Tests;

public sealed class DicomZipArchiveTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-zip-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<string> ZipAsync(params (string Name, byte[] Content)[] entries)
    {
        string path = Path.Combine(_folder, $"{Guid.NewGuid():N}.zip");
        await using var archive = await ZipArchive.CreateAsync(File.Create(path), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token);
        foreach (var (name, content) in entries)
        {
            var entry = archive.CreateEntry(name, CompressionLevel.Optimal);
            await using var stream = await entry.OpenAsync(Token);
            await stream.WriteAsync(content, Token);
        }

        return path;
    }

    private static async Task<(string Name, byte[] Content)[]> SeriesEntriesAsync(string folder) =>
        await Task.WhenAll(Directory.GetFiles(Fixtures.Path(folder)).Order(StringComparer.Ordinal)
            .Select(async f => ("study/" + Path.GetFileName(f), await File.ReadAllBytesAsync(f, Token))));

    [Fact]
    public async Task Entries_are_read_in_memory_and_non_DICOM_members_are_passed_over()
    {
        var entries = await SeriesEntriesAsync("ct_series/dcmqi_ct_3slice");
        string zip = await ZipAsync([.. entries, ("study/", []), ("study/notes.txt", "a note"u8.ToArray()), ("DICOMDIR-like.bin", new byte[300])]);

        await using var archive = await DicomZipArchive.OpenAsync(zip, cancellationToken: Token);
        var scan = await SeriesScanner.ScanAsync(archive.Entries, Token);
        var fromZip = await new VolumeBuilder().BuildAsync(scan.LargestCtSeries!, Token);
        var fromFolder = await SeriesVolumeTests.BuildAsync("ct_series/dcmqi_ct_3slice");

        Assert.Equal(5, archive.Entries.Count);
        Assert.Equal(2, scan.Unreadable + scan.NotImages);
        Assert.Equal(fromFolder.Voxels, fromZip.Voxels);
        Assert.Equal(fromFolder.Affine.ToRowMajorArray(), fromZip.Affine.ToRowMajorArray());
        Assert.Empty(Directory.GetDirectories(_folder));
    }

    [Theory]
    [InlineData("../outside.dcm")]
    [InlineData("a/../../outside.dcm")]
    [InlineData("/etc/outside.dcm")]
    [InlineData("C:/outside.dcm")]
    [InlineData("..\\outside.dcm")]
    public async Task An_entry_whose_path_escapes_refuses_the_whole_archive(string name)
    {
        string zip = await ZipAsync(("fine.dcm", new byte[10]), (name, new byte[10]));

        var error = await Assert.ThrowsAsync<DicomArchiveRefusedException>(() => DicomZipArchive.OpenAsync(zip, cancellationToken: Token));

        Assert.Equal("zip entry 2 of 2 has a path that leaves the archive folder (absolute, or with '..'); the archive is refused", error.Message);
        Assert.Equal(ArchiveRefusal.PathTraversal, error.Refusal);
    }

    [Fact]
    public async Task An_entry_above_the_size_limit_is_refused_before_it_is_inflated()
    {
        string zip = await ZipAsync(("big.dcm", new byte[100_000]));

        var error = await Assert.ThrowsAsync<DicomArchiveRefusedException>(() => DicomZipArchive.OpenAsync(zip, new DicomZipLimits { MaxEntryBytes = 65_536 }, Token));

        Assert.Equal("zip entry 1 of 1 inflates to 100000 bytes, more than the 65536-byte limit; the archive is refused", error.Message);
        Assert.Equal(ArchiveRefusal.TooLarge, error.Refusal);
    }

    [Fact]
    public async Task Too_many_entries_or_too_many_bytes_in_all_are_refused()
    {
        string zip = await ZipAsync(("a", new byte[40_000]), ("b", new byte[40_000]), ("c", new byte[40_000]));

        var entries = await Assert.ThrowsAsync<DicomArchiveRefusedException>(() => DicomZipArchive.OpenAsync(zip, new DicomZipLimits { MaxEntries = 2 }, Token));
        var total = await Assert.ThrowsAsync<DicomArchiveRefusedException>(() => DicomZipArchive.OpenAsync(zip, new DicomZipLimits { MaxTotalBytes = 100_000 }, Token));

        Assert.Equal("the zip holds 3 entries, more than the 2 allowed", entries.Message);
        Assert.Equal("the zip entries inflate to more than the 100000-byte limit; the archive is refused", total.Message);
        Assert.Equal([ArchiveRefusal.TooLarge, ArchiveRefusal.TooLarge], new[] { entries.Refusal, total.Refusal });
    }

    [Fact]
    public async Task An_entry_that_inflates_more_than_the_ratio_limit_is_a_zip_bomb_refused_before_it_is_inflated()
    {
        // 4 MiB of zeros deflate to about 4 KB: a thousandfold, where CT slices deflate 2 to 5 times.
        string zip = await ZipAsync(("slice.dcm", new byte[20_000]), ("zeros.dcm", new byte[4 << 20]));

        var error = await Assert.ThrowsAsync<DicomArchiveRefusedException>(() => DicomZipArchive.OpenAsync(zip, cancellationToken: Token));

        Assert.Equal(ArchiveRefusal.ZipBomb, error.Refusal);
        Assert.Matches(@"^zip entry 2 of 2 would inflate \d+ times \(from \d+ to 4194304 bytes\), more than the 100-fold limit: a zip bomb; the archive is refused$", error.Message);
    }

    [Fact]
    public async Task Small_compressible_entries_are_below_the_ratio_floor_but_count_towards_the_total_ratio()
    {
        var entries = Enumerable.Range(0, 8).Select(i => ($"blank{i}.dcm", new byte[500_000])).ToArray();
        string zip = await ZipAsync(entries);

        await using var fine = await DicomZipArchive.OpenAsync(zip, new DicomZipLimits { CompressionRatioFloorBytes = 8_000_000 }, Token);
        var error = await Assert.ThrowsAsync<DicomArchiveRefusedException>(() => DicomZipArchive.OpenAsync(zip, cancellationToken: Token));

        Assert.Equal(8, fine.Entries.Count);
        Assert.Equal(ArchiveRefusal.ZipBomb, error.Refusal);
        Assert.StartsWith("the zip as a whole would inflate ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_zip_is_a_clear_error()
    {
        string path = Path.Combine(_folder, "not.zip");
        await File.WriteAllTextAsync(path, "PK but not really a zip archive at all", Token);

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => DicomZipArchive.OpenAsync(path, cancellationToken: Token));

        Assert.Equal("the input is not a readable zip archive", error.Message);
    }
}
