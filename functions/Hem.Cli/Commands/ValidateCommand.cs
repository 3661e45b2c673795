using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hem.Dicom.Validation;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem validate &lt;folder|zip&gt; [--json] [--min-coverage-mm N]</c>: the pipeline's first step on its own. Says
/// whether a study holds a non-contrast axial head CT the model can analyse, which series, and why; or why not,
/// with a stable code. Output names series by their place in the study and never carries attribute values.
/// </summary>
public static class ValidateCommand
{
    /// <summary>The study is accepted.</summary>
    public const int Accepted = 0;

    /// <summary>The input could not be examined: a path that does not exist, an unreadable file, a bad option value.</summary>
    public const int Unusable = 2;

    /// <summary>The study was examined and rejected: the pipeline's convention for a rejected study.</summary>
    public const int Rejected = 3;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "The study: a folder of DICOM files (searched recursively), a .zip of them, or one DICOM file.",
        };
        var json = new Option<bool>("--json") { Description = "Print only the result, as a JSON object." };
        var coverage = new Option<double?>("--min-coverage-mm")
        {
            Description = string.Create(CultureInfo.InvariantCulture,
                $"The least extent the chosen series must span along the slice normal, first slice centre to last, in mm (default {StudyValidationOptions.Default.MinCoverageMm})."),
        };
        var command = new Command("validate",
            "Check that a study holds a non-contrast axial head CT the model can analyse and choose its series, saying why; " +
            "or reject it with a stable code and a reason. " +
            "Exit codes: 0 accepted; 3 rejected; 2 unusable input (a path that does not exist, a file that cannot be read, a bad option value), with one line on stderr; " +
            "1 a command-line usage error.")
        {
            input,
            json,
            coverage,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(input)!,
            parse.GetValue(json),
            parse.GetValue(coverage),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string input, bool json, double? minCoverageMm, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        if (minCoverageMm is { } minimum && (!double.IsFinite(minimum) || minimum < 0))
        {
            await stderr.WriteLineAsync("hem validate: --min-coverage-mm must be a number of millimetres, 0 or more");
            return Unusable;
        }

        var options = minCoverageMm is { } mm ? StudyValidationOptions.Default with { MinCoverageMm = mm } : StudyValidationOptions.Default;
        StudyValidation result;
        try
        {
            await using var study = await StudyInput.OpenAsync(input, cancellationToken: cancellationToken);
            result = await new StudyValidator(options: options).ValidateAsync(study, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Dicom.DicomFormatException)
        {
            // The message names the problem, never the path: a study folder is often named after the patient.
            await stderr.WriteLineAsync($"hem validate: {ex.Message.ReplaceLineEndings(" ")}");
            return Unusable;
        }

        await stdout.WriteAsync(json ? JsonSerializer.Serialize(ToJson(result), Json) + Environment.NewLine : Describe(result));
        return result.Accepted ? Accepted : Rejected;
    }

    private static object ToJson(StudyValidation result)
    {
        var others = result.OtherSeries.Select(o => new OtherSeriesJson(o.Index, o.Slices, o.Code, o.Reason)).ToList();
        var ignored = new IgnoredJson(result.Ignored.NotDicom, result.Ignored.NotImages);
        if (result.Chosen is not { } chosen)
        {
            return new RejectedJson(false, result.Rejection!.Code, result.Rejection.Reason, others, ignored);
        }

        var series = new SeriesJson(chosen.Index, chosen.Modality, chosen.Slices, Round(chosen.SliceThicknessMm, 3), Round(chosen.SpacingMm, 3),
            Round(chosen.CoverageMm, 3), chosen.Rows, chosen.Columns, chosen.TransferSyntax.Uid, Round(chosen.TiltDegrees, 2));
        return new AcceptedJson(true, series, result.Reasons, others, ignored);
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static double? Round(double? value, int digits) => value is { } v ? Round(v, digits) : null;

    private static string Describe(StudyValidation result)
    {
        var lines = new List<string>();
        if (result.Chosen is { } c)
        {
            string thickness = c.SliceThicknessMm is { } t ? string.Create(CultureInfo.InvariantCulture, $"{t:0.###} mm thick") : "thickness not given";
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"accepted: series {c.Index} of {c.SeriesCount}: {c.Modality}, {c.Slices} slices {thickness}, {c.SpacingMm:0.###} mm apart, {c.CoverageMm:0.0} mm coverage, {c.Columns} x {c.Rows}, tilt {c.TiltDegrees:0.0} degrees, {c.TransferSyntax.Name}"));
            lines.Add("reasons:");
            lines.AddRange(result.Reasons.Select(r => "  - " + r));
        }
        else
        {
            lines.Add($"rejected ({result.Rejection!.Code}): {result.Rejection.Reason}");
        }

        if (result.OtherSeries.Count > 0)
        {
            lines.Add(result.Accepted ? "other series:" : "series:");
            lines.AddRange(result.OtherSeries.Select(o => $"  - series {o.Index} ({o.Slices} {(o.Slices == 1 ? "slice" : "slices")}): {o.Code}: {o.Reason}"));
        }

        lines.Add($"ignored files: {result.Ignored.NotDicom} not DICOM, {result.Ignored.NotImages} DICOM but not images");
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    private sealed record AcceptedJson(bool Accepted, SeriesJson Series, IReadOnlyList<string> Reasons, IReadOnlyList<OtherSeriesJson> OtherSeries, IgnoredJson IgnoredFiles);

    private sealed record RejectedJson(bool Accepted, string Code, string Reason, IReadOnlyList<OtherSeriesJson> OtherSeries, IgnoredJson IgnoredFiles);

    private sealed record SeriesJson(int Index, string Modality, int Slices, double? SliceThicknessMm, double SpacingMm, double CoverageMm,
        int Rows, int Columns, string TransferSyntaxUid, double TiltDegrees);

    private sealed record OtherSeriesJson(int Index, int Slices, string ExcludedBecause, string Reason);

    private sealed record IgnoredJson(int NotDicom, int NotImages);
}
