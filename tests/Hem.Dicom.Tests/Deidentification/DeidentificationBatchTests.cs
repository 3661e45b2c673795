using System.IO.Compression;
using Hem.Dicom.Deidentification;

namespace Hem.Dicom.Tests.Deidentification;

public sealed class DeidentificationBatchTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-deid-batch-").FullName;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Refused_and_non_DICOM_files_are_left_out_and_counted()
    {
        string input = Input(("ct.dcm", "ct/CT1_UNC.explicit_little_endian.dcm"), ("sc.dcm", "quirks/fodicom_GH178.dcm"));
        await File.WriteAllTextAsync(Path.Combine(input, "README.txt"), "not DICOM", Token);
        string output = Path.Combine(_folder, "out");

        var result = await new DeidentificationBatch(TestKeys.Basic()).RunAsync(input, output, cancellationToken: Token);

        Assert.Equal(3, result.Sources);
        Assert.Equal(1, result.Written);
        Assert.Equal(1, result.NotDicom);
        Assert.Equal(1, result.Refused[RefusalReason.SecondaryCapture]);
        Assert.Single(result.StudyKeys);
        string written = Assert.Single(Directory.GetFiles(output));
        Assert.Matches(@"^2\.25\.\d+\.dcm$", Path.GetFileName(written));
    }

    [Fact]
    public async Task A_cancelled_run_leaves_neither_output_nor_staging_folder()
    {
        string input = Input(("a.dcm", "ct/CT1_UNC.explicit_little_endian.dcm"), ("b.dcm", "ct/CT1_RLE_FRAGS.dcm"), ("c.dcm", "ct/highdicom_ct_image.dcm"));
        string output = Path.Combine(_folder, "out");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var progress = new CancelAfter(2, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new DeidentificationBatch(TestKeys.Basic()).RunAsync(input, output, progress, cancel.Token));

        Assert.False(Directory.Exists(output));
        Assert.Equal(["input"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task The_output_must_be_new_or_empty_and_outside_the_input()
    {
        string input = Input(("a.dcm", "ct/CT1_UNC.explicit_little_endian.dcm"));
        var batch = new DeidentificationBatch(TestKeys.Basic());
        string full = Path.Combine(_folder, "full");
        Directory.CreateDirectory(full);
        await File.WriteAllTextAsync(Path.Combine(full, "x"), "x", Token);
        string empty = Path.Combine(_folder, "empty");
        Directory.CreateDirectory(empty);

        var notEmpty = await Assert.ThrowsAsync<DeidentificationOutputException>(() => batch.RunAsync(input, full, cancellationToken: Token));
        var inside = await Assert.ThrowsAsync<DeidentificationOutputException>(() => batch.RunAsync(input, Path.Combine(input, "out"), cancellationToken: Token));
        var same = await Assert.ThrowsAsync<DeidentificationOutputException>(() => batch.RunAsync(input, input, cancellationToken: Token));
        var around = await Assert.ThrowsAsync<DeidentificationOutputException>(() => batch.RunAsync(input, _folder, cancellationToken: Token));
        var result = await batch.RunAsync(input, empty, cancellationToken: Token);

        Assert.Equal("the output folder is not empty", notEmpty.Message);
        Assert.Equal("the output folder must lie outside the input, and the input outside it", inside.Message);
        Assert.Equal(inside.Message, same.Message);
        Assert.Equal(inside.Message, around.Message);
        Assert.Equal(1, result.Written);
        Assert.Single(Directory.GetFiles(empty));
    }

    [Fact]
    public async Task An_unsafe_zip_is_refused_before_anything_is_read_or_written()
    {
        string zip = Path.Combine(_folder, "study.zip");
        await using (var archive = await ZipArchive.CreateAsync(File.Create(zip), ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: null, Token))
        {
            await archive.CreateEntryFromFileAsync(Fixtures.Path("ct/CT1_UNC.explicit_little_endian.dcm"), "../Doe^Jane.dcm", CompressionLevel.Fastest, Token);
        }

        string output = Path.Combine(_folder, "out");
        var ex = await Assert.ThrowsAsync<DeidentificationInputException>(() => new DeidentificationBatch(TestKeys.Basic()).RunAsync(zip, output, cancellationToken: Token));

        Assert.StartsWith("the input was refused (path-traversal): ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Doe", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
        Assert.Equal(["study.zip"], Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
    }

    private string Input(params (string Name, string Fixture)[] files)
    {
        string input = Path.Combine(_folder, "input");
        Directory.CreateDirectory(input);
        foreach (var (name, fixture) in files)
        {
            File.Copy(Fixtures.Path(fixture), Path.Combine(input, name));
        }

        return input;
    }

    private sealed class CancelAfter(int files, CancellationTokenSource cancel) : IProgress<DeidentificationProgress>
    {
        public void Report(DeidentificationProgress value)
        {
            if (value.Done >= files)
            {
                cancel.Cancel();
            }
        }
    }
}
