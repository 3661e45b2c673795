using Hem.Dicom.Pixels;
using Hem.Testing;

namespace Hem.Dicom.Tests.Codecs;

/// <summary>Every stored value of an image, frame after frame, with the description the decoder reported.</summary>
internal sealed record DecodedImage(PixelDescription Description, int[] Values)
{
    public static async Task<DecodedImage> ReadAsync(string relative, PixelDecoder? decoder = null)
    {
        var file = await DicomReader.ReadFileAsync(Fixtures.Path(relative), cancellationToken: TestContext.Current.CancellationToken);
        return await DecodeAsync(file, decoder);
    }

    public static async Task<DecodedImage> DecodeAsync(DicomFile file, PixelDecoder? decoder = null)
    {
        var frames = await (decoder ?? PixelDecoder.CreateDefault()).OpenAsync(file, TestContext.Current.CancellationToken);
        return From(frames);
    }

    public static DecodedImage From(IFrameDecoder frames)
    {
        var d = frames.Description;
        int perFrame = (int)d.ValuesPerFrame;
        int[] values = new int[perFrame * d.NumberOfFrames];
        for (int frame = 0; frame < d.NumberOfFrames; frame++)
        {
            frames.DecodeFrame(frame, values.AsSpan(frame * perFrame, perFrame));
        }

        return new DecodedImage(d, values);
    }

    /// <summary>
    /// An independent decode: the fixture run through a DCMTK or GDCM command at test time, its uncompressed
    /// output read back through the native path only.
    /// </summary>
    public static Task<DecodedImage> DecodeWithToolAsync(string tool, IReadOnlyList<string> options, string relative) =>
        DecodeFileWithToolAsync(tool, options, Fixtures.Path(relative));

    public static async Task<DecodedImage> DecodeFileWithToolAsync(string tool, IReadOnlyList<string> options, string path)
    {
        var file = await TranscodeFileWithToolAsync(tool, options, path);
        Assert.False(file.TransferSyntax.Encapsulated, $"{tool} left {path} compressed");
        return await DecodeAsync(file, new PixelDecoder([new NativeFrameDecoderFactory()]));
    }

    /// <summary>Runs "tool options input output" and reads the output (held in memory; the file is deleted).</summary>
    public static Task<DicomFile> TranscodeWithToolAsync(string tool, IReadOnlyList<string> options, string relative) =>
        TranscodeFileWithToolAsync(tool, options, Fixtures.Path(relative));

    public static async Task<DicomFile> TranscodeFileWithToolAsync(string tool, IReadOnlyList<string> options, string path)
    {
        string executable = ExternalTool.Require(tool, "apt-get install dcmtk libgdcm-tools");
        string folder = Directory.CreateTempSubdirectory("hem-codec-test-").FullName;
        try
        {
            string output = Path.Combine(folder, "out.dcm");
            var result = await ExternalTool.RunAsync(executable, [.. options, path, output], TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0, $"{tool} failed on {path}: {result.StandardError}");
            return await DicomReader.ReadFileAsync(output, cancellationToken: TestContext.Current.CancellationToken);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

/// <summary>Pixel comparisons that report the first difference instead of two million-element arrays.</summary>
internal static class PixelAssert
{
    public static void Equal(DecodedImage expected, DecodedImage actual) => Within(expected, actual, 0);

    public static void Within(DecodedImage expected, DecodedImage actual, int tolerance)
    {
        var e = expected.Description;
        var a = actual.Description;
        Assert.Equal((e.Rows, e.Columns, e.SamplesPerPixel, e.NumberOfFrames), (a.Rows, a.Columns, a.SamplesPerPixel, a.NumberOfFrames));
        Assert.Equal(expected.Values.Length, actual.Values.Length);
        int differing = 0;
        int first = -1;
        int largest = 0;
        for (int i = 0; i < expected.Values.Length; i++)
        {
            int difference = Math.Abs(expected.Values[i] - actual.Values[i]);
            if (difference > tolerance)
            {
                differing++;
                first = first < 0 ? i : first;
            }

            largest = Math.Max(largest, difference);
        }

        Assert.True(
            differing == 0,
            differing == 0 ? string.Empty
                : $"{differing} of {expected.Values.Length} values differ by more than {tolerance} (largest {largest}); first at index {first}: expected {expected.Values[first]}, got {actual.Values[first]}");
    }
}
