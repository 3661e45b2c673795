using System.Diagnostics;
using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.External;

namespace Hem.Dicom.Tests.Codecs;

/// <summary>
/// How the tool-backed factories run a tool, with stand-in shell scripts for the tool: failures, hangs,
/// cancellation, the temporary folder, and what is written to disk.
/// </summary>
public sealed class ExternalTranscoderTests : IDisposable
{
    private const string JpegLsFixture = "ts/pydicom_MR_small_jpeg_ls_lossless.dcm";
    private readonly string _folder = Directory.CreateTempSubdirectory("hem-transcoder-test-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Root => Directory.CreateDirectory(Path.Combine(_folder, "temp")).FullName;

    private string Script(string body)
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "the stand-in tools are POSIX shell scripts");
        string path = Path.Combine(_folder, "tool-" + Guid.NewGuid().ToString("N") + ".sh");
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static Task<DicomFile> ReadAsync(string relative) =>
        DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Without_the_tool_the_syntax_is_refused_with_the_standard_unsupported_error()
    {
        var factory = ExternalToolFrameDecoderFactory.Dcmdjpls(Path.Combine(_folder, "no-such-dcmdjpls"));
        var decoder = new PixelDecoder([new NativeFrameDecoderFactory(), factory]);

        var error = await Assert.ThrowsAsync<DicomUnsupportedException>(async () => await decoder.OpenAsync(await ReadAsync(JpegLsFixture), TestContext.Current.CancellationToken));

        Assert.False(factory.CanDecode(DicomTransferSyntax.JpegLsLossless));
        Assert.Equal("unsupported transfer syntax 1.2.840.10008.1.2.4.80 (JPEG-LS Lossless Image Compression)", error.Message);
        Assert.False(ExternalToolFrameDecoderFactory.Gdcmconv(null).CanDecode(DicomTransferSyntax.Jpeg2000));
    }

    [Fact]
    public async Task A_failing_tool_is_a_format_error_with_its_exit_code_and_the_folder_is_deleted()
    {
        var factory = ExternalToolFrameDecoderFactory.Dcmdjpls(Script("echo 'E: patient data could be echoed here' >&2\nexit 3"), new ExternalToolOptions { TemporaryRoot = Root });
        var file = await ReadAsync(JpegLsFixture);

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => factory.CreateAsync(file, PixelDescription.Read(file.Dataset), TestContext.Current.CancellationToken));

        Assert.Contains("(exit code 3)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("patient", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Root));
    }

    [Fact]
    public async Task A_tool_that_hangs_is_stopped_at_the_time_limit_as_a_format_error()
    {
        var factory = ExternalToolFrameDecoderFactory.Gdcmconv(Script("sleep 60"), new ExternalToolOptions { Timeout = TimeSpan.FromMilliseconds(500), TemporaryRoot = Root });
        var file = await ReadAsync("ts/pydicom_MR_small_jp2klossless.dcm");
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => factory.CreateAsync(file, PixelDescription.Read(file.Dataset), TestContext.Current.CancellationToken));

        Assert.Contains("did not finish within 0.5 s", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Empty(Directory.EnumerateFileSystemEntries(Root));
    }

    [Fact]
    public async Task Cancelling_stops_the_tool_and_deletes_the_folder()
    {
        var factory = ExternalToolFrameDecoderFactory.Dcmdjpls(Script("sleep 60"), new ExternalToolOptions { TemporaryRoot = Root });
        var file = await ReadAsync(JpegLsFixture);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.CreateAsync(file, PixelDescription.Read(file.Dataset), cancel.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(Root));
    }

    [Fact]
    public async Task The_tool_gets_an_argument_list_and_a_file_holding_only_the_pixel_attributes()
    {
        // The stand-in copies its input aside, records its arguments, then fails.
        string captured = Path.Combine(_folder, "captured.dcm");
        string arguments = Path.Combine(_folder, "arguments.txt");
        var factory = ExternalToolFrameDecoderFactory.Gdcmconv(Script($"cp \"$2\" '{captured}'\nprintf '%s\\n' \"$@\" > '{arguments}'\nexit 1"), new ExternalToolOptions { TemporaryRoot = Root });
        var file = await ReadAsync("ct/CT1_J2KI.dcm");

        await Assert.ThrowsAsync<DicomFormatException>(() => factory.CreateAsync(file, PixelDescription.Read(file.Dataset), TestContext.Current.CancellationToken));

        string[] lines = await File.ReadAllLinesAsync(arguments, TestContext.Current.CancellationToken);
        Assert.Equal(3, lines.Length);
        Assert.Equal("--raw", lines[0]);
        Assert.EndsWith("input.dcm", lines[1], StringComparison.Ordinal);
        var written = await DicomReader.ReadFileAsync(captured, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(file.TransferSyntax.Uid, written.TransferSyntax.Uid);
        Assert.All(written.Dataset.Elements, e => Assert.True(e.Tag.Group is 0x0008 or 0x0028 or 0x7FE0, $"{e.Tag} was written for the tool"));
        Assert.NotEqual(file.Dataset.GetString(DicomTags.SOPInstanceUID), written.Dataset.GetString(DicomTags.SOPInstanceUID));
        Assert.Equal(
            ((DicomFragmentSequence)file.Dataset[DicomTag.PixelData]!).Fragments[0].ToArray(),
            ((DicomFragmentSequence)written.Dataset[DicomTag.PixelData]!).Fragments[0].ToArray());
    }

    [Fact]
    public async Task Output_that_does_not_match_the_image_is_a_format_error()
    {
        // The stand-in "decodes" to an unrelated uncompressed image.
        string other = Fixtures.Path("ts/pydicom_MR_small.dcm");
        var factory = ExternalToolFrameDecoderFactory.Gdcmconv(Script($"cp '{other}' \"$3\""), new ExternalToolOptions { TemporaryRoot = Root });
        var file = await ReadAsync("ct/CT1_J2KI.dcm");

        var error = await Assert.ThrowsAsync<DicomFormatException>(() => factory.CreateAsync(file, PixelDescription.Read(file.Dataset), TestContext.Current.CancellationToken));

        Assert.Contains("gdcmconv produced 1 frames of 64 x 64 x 1", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Root));
    }
}
