using Hem.Dicom.Pixels;
using Hem.Dicom.Pixels.Jpeg;
using Hem.Dicom.Pixels.Rle;

namespace Hem.Dicom.Tests;

/// <summary>
/// Deterministic mutation fuzzing over the real fixtures: flipped bits, overwritten bytes (lengths and tags
/// become huge or zero), truncations and spliced repeats. Reading and decoding a mutant may fail only with the
/// library's own <see cref="DicomFormatException"/>; anything else (an index error, an overflow, an out of memory
/// from a trusted size) is a bug. The seed is fixed so a failure reproduces.
/// </summary>
public sealed class MutationFuzzTests
{
    private const int MutantsPerFile = 60;
    private const int MaxFileBytes = 600_000;

    public static TheoryData<string> Seeds()
    {
        var data = new TheoryData<string>();
        foreach (string file in Fixtures.AllDicomFiles()
                     .Where(f => new FileInfo(Path.Combine(Fixtures.Root, f)).Length <= MaxFileBytes)
                     .Where(f => !f.StartsWith("ct_series/philips", StringComparison.Ordinal) && !f.StartsWith("ct_series_extra/", StringComparison.Ordinal))
                     .Where((_, i) => i % 2 == 0))
        {
            data.Add(file);
        }

        if (data.Count == 0)
        {
            // Without the fixtures there is nothing to mutate: one row that skips says so (an empty theory fails).
            data.Add(Fixtures.AbsentMarker);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Mutants_fail_only_with_the_library_format_exception(string relative)
    {
        byte[] original = await File.ReadAllBytesAsync(Fixtures.Path(relative), TestContext.Current.CancellationToken);
        var random = new Random(HashOf(relative));
        var decoder = new PixelDecoder(InProcessFactories());
        for (int i = 0; i < MutantsPerFile; i++)
        {
            byte[] mutant = Mutate(original, random);
            try
            {
                var file = DicomReader.Read(mutant);
                if (file.Dataset.Contains(DicomTag.PixelData))
                {
                    var frames = await decoder.OpenAsync(file, TestContext.Current.CancellationToken);
                    PixelStatistics.Compute(frames, TestContext.Current.CancellationToken);
                }
            }
            catch (DicomFormatException)
            {
                // The expected way to refuse bad input.
            }
            catch (Exception ex)
            {
                Assert.Fail($"mutant {i} of {relative} threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }
        }
    }

    /// <summary>The codecs that run inside the process: external transcoders are exercised elsewhere.</summary>
    private static IEnumerable<IFrameDecoderFactory> InProcessFactories() =>
        [new NativeFrameDecoderFactory(), new RleFrameDecoderFactory(), new JpegFrameDecoderFactory()];

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int edits = random.Next(1, 6);
        for (int e = 0; e < edits && bytes.Length > 0; e++)
        {
            int at = random.Next(bytes.Length);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    // 0xFF runs make lengths undefined or huge; 0x00 runs make them zero.
                    byte fill = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                    for (int k = at; k < Math.Min(bytes.Length, at + random.Next(1, 5)); k++)
                    {
                        bytes[k] = fill;
                    }

                    break;
                case 2:
                    bytes = bytes[..at];
                    break;
                case 3:
                    bytes[at] = (byte)random.Next(256);
                    break;
                default:
                    int length = Math.Min(random.Next(1, 64), bytes.Length - at);
                    bytes = [.. bytes[..at], .. bytes.AsSpan(at, length), .. bytes[at..]];
                    break;
            }
        }

        return bytes;
    }

    private static int HashOf(string text)
    {
        // A stable hash (string.GetHashCode is randomised per process).
        int hash = 17;
        foreach (char c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
