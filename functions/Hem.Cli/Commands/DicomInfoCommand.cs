using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hem.Dicom;
using Hem.Dicom.Pixels;

namespace Hem.Cli.Commands;

/// <summary><c>hem dicom info FILE [--json]</c>: encoding, image attributes and decoded pixel statistics.</summary>
public static class DicomInfoCommand
{
    /// <summary>Exit code for a file that cannot be read or decoded.</summary>
    public const int Unreadable = 2;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A DICOM file (Part 10, or a bare dataset)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("info", "Show a DICOM file's encoding, image attributes and statistics of its decoded stored pixel values " +
            "(count, min, max, mean, SHA-256 of the values as int32 little endian in frame, row, column, sample order). " +
            "Exit code 2 if the file cannot be read.")
        {
            file,
            json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var output = parse.InvocationConfiguration.Output;
            try
            {
                var dicom = await DicomReader.ReadFileAsync(path.FullName, cancellationToken: cancellationToken);
                var summary = await DicomImageSummary.CreateAsync(dicom, PixelDecoder.CreateDefault(), cancellationToken);
                await output.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(summary, Json) : Describe(summary));
                return 0;
            }
            catch (Exception ex) when (ex is DicomFormatException or IOException or UnauthorizedAccessException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {path.Name}: {ex.Message}");
                return Unreadable;
            }
        });
        return command;
    }

    private static string Describe(DicomImageSummary s)
    {
        var lines = new List<string>
        {
            $"transfer syntax    {s.TransferSyntaxUid} ({DicomTransferSyntax.FromUid(s.TransferSyntaxUid).Name})",
            $"SOP class          {s.SopClassUid ?? "-"}",
            $"modality           {s.Modality ?? "-"}",
            $"image              {s.Columns} x {s.Rows} x {s.Frames} frame(s), {s.BitsStored}/{s.BitsAllocated} bits, " +
                $"{(s.PixelRepresentation == 1 ? "signed" : "unsigned")}, {s.PhotometricInterpretation}",
        };
        lines.Add(s.Pixels is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"pixels             {p.Count} values, min {p.Min}, max {p.Max}, mean {p.Mean:0.###}, sha256 {p.Sha256}")
            : "pixels             none");
        return string.Join(Environment.NewLine, lines);
    }
}
