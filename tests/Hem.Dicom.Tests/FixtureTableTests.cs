using System.Globalization;
using Hem.Dicom.Pixels;

namespace Hem.Dicom.Tests;

/// <summary>
/// Every fixture against Expected/fixtures-expected.tsv, which make_expected.py produced with pydicom, DCMTK and
/// GDCM (never with this project's code): a decodable file gives the same stored values (SHA-256 for lossless,
/// statistics within decoder rounding for lossy), any other file fails with the library's own exception.
/// </summary>
public sealed class FixtureTableTests
{
    private static readonly string TablePath = Path.Combine(AppContext.BaseDirectory, "Expected", "fixtures-expected.tsv");

    public static TheoryData<string> Rows()
    {
        var data = new TheoryData<string>();
        foreach (var row in ExpectedRow.ReadAll(TablePath))
        {
            data.Add(row.Path);
        }

        return data;
    }

    [Fact]
    public void The_table_covers_every_DICOM_fixture()
    {
        var listed = ExpectedRow.ReadAll(TablePath).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var files = Fixtures.AllDicomFiles();
        Assert.SkipWhen(files.Count == 0, "the DICOM fixtures are absent");

        Assert.All(files, f => Assert.Contains(f, listed));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Decodes_to_the_reference_pixels_or_fails_with_a_format_exception(string path)
    {
        var expected = ExpectedRow.ReadAll(TablePath).Single(r => r.Path == path);
        var ct = TestContext.Current.CancellationToken;
        string file = Fixtures.Path(path);

        if (expected.Outcome == "error")
        {
            var error = await Record.ExceptionAsync(async () =>
            {
                var dicom = await DicomReader.ReadFileAsync(file, cancellationToken: ct);
                await DicomImageSummary.CreateAsync(dicom, PixelDecoder.CreateDefault(), ct);
            });
            Assert.True(error is DicomFormatException, $"expected a DicomFormatException ({expected.Note}), got {error?.GetType().Name ?? "success"}");
            return;
        }

        var summary = await DicomImageSummary.CreateAsync(await DicomReader.ReadFileAsync(file, cancellationToken: ct), PixelDecoder.CreateDefault(), ct);
        Assert.Equal(expected.TransferSyntaxUid, summary.TransferSyntaxUid);
        if (expected.Outcome == "no-pixels")
        {
            Assert.Null(summary.Pixels);
            return;
        }

        var pixels = summary.Pixels!;
        Assert.Equal((expected.Rows, expected.Columns, expected.Frames), (summary.Rows, summary.Columns, summary.Frames));
        Assert.Equal(expected.Count, pixels.Count);
        if (expected.Lossy)
        {
            // Lossy JPEG decoders may round the inverse DCT differently by a level or two; per-pixel agreement
            // with DCMTK is checked in the codec tests.
            Assert.InRange(pixels.Mean, expected.Mean - 0.5, expected.Mean + 0.5);
            Assert.InRange(pixels.Min, expected.Min - 4, expected.Min + 4);
            Assert.InRange(pixels.Max, expected.Max - 4, expected.Max + 4);
            return;
        }

        Assert.Equal((expected.Min, expected.Max), (pixels.Min, pixels.Max));
        Assert.Equal(expected.Sha256, pixels.Sha256);
    }

    private sealed record ExpectedRow(string Path, string Outcome, bool Lossy, string TransferSyntaxUid, int? Rows, int? Columns, int? Frames,
        long Count, long Min, long Max, double Mean, string Sha256, string Note)
    {
        public static IEnumerable<ExpectedRow> ReadAll(string tsv)
        {
            var lines = File.ReadAllLines(tsv).Where(l => !l.StartsWith('#')).ToList();
            string[] header = lines[0].Split('\t');
            int Column(string name) => Array.IndexOf(header, name);
            foreach (string line in lines.Skip(1))
            {
                string[] f = line.Split('\t');
                string Get(string name) => f[Column(name)];
                int? Int(string name) => int.TryParse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : null;
                long Long(string name) => long.TryParse(Get(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) ? v : 0;
                yield return new ExpectedRow(Get("path"), Get("outcome"), Get("lossy") == "1", Get("transferSyntaxUid"), Int("rows"), Int("columns"),
                    Int("frames"), Long("count"), Long("min"), Long("max"),
                    double.TryParse(Get("mean"), NumberStyles.Float, CultureInfo.InvariantCulture, out double m) ? m : 0, Get("sha256"), Get("note"));
            }
        }
    }
}
