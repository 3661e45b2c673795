using System.CommandLine;
using System.Globalization;
using Hem.Dicom;
using Hem.Dicom.Series;
using Hem.Imaging.Nifti;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem dicom volume &lt;folder|zip&gt; --out ct.nii.gz [--series UID]</c>: turns a CT series into a
/// Hounsfield-unit NIfTI volume. Bad input (no DICOM, a refused series, an unsafe zip) exits 2 with one line on
/// stderr that names the problem and no patient data.
/// </summary>
public static class DicomVolumeCommand
{
    public const int BadInput = 2;

    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "A folder of DICOM files (searched recursively), a .zip of them, or one DICOM file.",
        };
        var output = new Option<string>("--out")
        {
            Description = "The NIfTI file to write: .nii or .nii.gz.",
            Required = true,
        };
        var series = new Option<string?>("--series")
        {
            Description = "The SeriesInstanceUID to convert; by default the CT series with the most slices.",
        };
        var command = new Command("volume", "Turn a DICOM CT series into a Hounsfield-unit NIfTI volume, correcting gantry tilt and uneven slice spacing.")
        {
            input,
            output,
            series,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(input)!,
            parseResult.GetValue(output)!,
            parseResult.GetValue(series),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string input, string output, string? seriesUid, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            if (!NiftiWriter.IsNiftiPath(output))
            {
                throw new BadInputException("--out must name a .nii or .nii.gz file");
            }

            if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } folder && !Directory.Exists(folder))
            {
                throw new BadInputException("the folder for --out does not exist");
            }

            await using var archive = IsZip(input) ? await DicomZipArchive.OpenAsync(input, cancellationToken: cancellationToken) : null;
            var sources = archive?.Entries ?? Sources(input);
            var scan = await SeriesScanner.ScanAsync(sources, cancellationToken);
            var series = Choose(scan, seriesUid);
            var volume = await new VolumeBuilder().BuildAsync(series, cancellationToken);
            await NiftiWriter.WriteAsync(output, volume, cancellationToken);
            await stdout.WriteAsync(Summary(scan, series, volume, output));
            return 0;
        }
        catch (Exception ex) when (ex is BadInputException or DicomFormatException or IOException or UnauthorizedAccessException)
        {
            // One line: scripts read the exit code, people read this.
            await stderr.WriteLineAsync($"hem dicom volume: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    private static bool IsZip(string input)
    {
        if (!File.Exists(input))
        {
            return false;
        }

        Span<byte> magic = stackalloc byte[4];
        using var stream = File.OpenRead(input);
        return stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && magic.SequenceEqual("PK\x03\x04"u8);
    }

    private static IReadOnlyList<IDicomSource> Sources(string input)
    {
        if (Directory.Exists(input))
        {
            return DicomFileSource.FromFolder(input);
        }

        return File.Exists(input) ? [new DicomFileSource(input)] : throw new BadInputException("the input is neither a folder nor a file");
    }

    private static DicomSeries Choose(SeriesScan scan, string? seriesUid)
    {
        if (scan.Series.Count == 0)
        {
            throw new BadInputException(string.Create(CultureInfo.InvariantCulture,
                $"no DICOM image series in the input ({scan.SourcesRead} files read: {scan.Unreadable} not readable as DICOM, {scan.NotImages} DICOM but not images)"));
        }

        if (seriesUid is not null)
        {
            return scan.Find(seriesUid)
                ?? throw new BadInputException($"no series with the given SeriesInstanceUID; the input holds {scan.Series.Count} series");
        }

        return scan.LargestCtSeries
            ?? throw new BadInputException($"no CT series in the input; its {scan.Series.Count} series are {string.Join(", ", scan.Series.Select(s => s.Modality ?? "(no modality)").Distinct())}");
    }

    private static string Summary(SeriesScan scan, DicomSeries series, CtVolume volume, string output)
    {
        var spacing = volume.Spacing;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"series: {series.Modality}, {series.Slices.Count} slices ({scan.Series.Count} series in the input)"),
            string.Create(CultureInfo.InvariantCulture, $"volume: {volume.Size} voxels, spacing {spacing.X:0.###} x {spacing.Y:0.###} x {spacing.Z:0.###} mm"),
        };
        lines.Add(volume.Corrections.Count == 0 ? "corrections: none" : "corrections:");
        lines.AddRange(volume.Corrections.Select(c => "  " + c.Description));
        lines.Add($"wrote {output}");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    /// <summary>A problem with the arguments or the input, stated for the one-line error.</summary>
    private sealed class BadInputException(string message) : Exception(message);
}
