using System.CommandLine;
using System.Globalization;
using Hem.Dicom;
using Hem.Dicom.Deidentification;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem dicom deidentify &lt;in folder|zip&gt; &lt;out folder&gt; --key-file F [--profile basic|research]</c>:
/// de-identifies every object per PS3.15 Annex E into a new folder, named by new SOP Instance UIDs. Bad input exits 2
/// with one line on stderr; no message ever holds an attribute value, a file name from the input, or the key.
/// </summary>
public static class DicomDeidentifyCommand
{
    public const int BadInput = 2;

    /// <summary>Above this many input files, progress is reported per file on stderr.</summary>
    public const int ProgressThreshold = 10;

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A folder of DICOM files (searched recursively), a .zip of them, or one file." };
        var output = new Argument<string>("output") { Description = "The folder to create (or an empty one); must lie outside the input." };
        var keyFile = new Option<string>("--key-file")
        {
            Description = "A file of at least 32 bytes of secret: UIDs, pseudonyms and date shifts are keyed with it.",
            Required = true,
        };
        var profile = new Option<string>("--profile")
        {
            Description = "basic (PS3.15 Basic Profile) or research (adds the modified-dates and patient-characteristics options).",
            DefaultValueFactory = _ => "basic",
        };
        profile.AcceptOnlyFromAmong("basic", "research");
        var command = new Command("deidentify", "De-identify DICOM objects per PS3.15 Annex E into a new folder (files named by their new SOP Instance UIDs).")
        {
            input,
            output,
            keyFile,
            profile,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(input)!,
            parse.GetValue(output)!,
            parse.GetValue(keyFile)!,
            parse.GetValue(profile)!,
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string input, string output, string keyFile, string profile, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var key = await DeidentificationKey.FromFileAsync(keyFile, cancellationToken);
            var options = DeidentificationOptions.For(string.Equals(profile, "research", StringComparison.Ordinal) ? DeidentificationProfile.Research : DeidentificationProfile.Basic);
            var batch = new DeidentificationBatch(new DatasetDeidentifier(key, options));
            var progress = new ProgressLines(stderr);
            var result = await batch.RunAsync(input, output, progress, cancellationToken);
            if (result.Written == 0)
            {
                await stderr.WriteLineAsync($"hem dicom deidentify: nothing was written ({LeftOut(result)})");
                return BadInput;
            }

            await stdout.WriteLineAsync(Summary(result, output, options));
            return 0;
        }
        catch (Exception ex) when (ex is DeidentificationKeyException or DeidentificationOutputException or DeidentificationInputException or DicomFormatException)
        {
            await stderr.WriteLineAsync($"hem dicom deidentify: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The runtime's messages quote paths, and input file names are often patient names: name the failure only.
            await stderr.WriteLineAsync($"hem dicom deidentify: a file could not be read or written ({ex.GetType().Name}); nothing was written");
            return BadInput;
        }
    }

    private static string Summary(DeidentificationBatchResult result, string output, DeidentificationOptions options)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"wrote {result.Written} de-identified files to {output} ({options.Profile.ToString().ToLowerInvariant()} profile)"),
            "study keys: " + string.Join(", ", result.StudyKeys),
        };
        string leftOut = LeftOut(result);
        lines.Add(leftOut.Length == 0 ? "left out: none" : "left out: " + leftOut);
        return string.Join(Environment.NewLine, lines);
    }

    private static string LeftOut(DeidentificationBatchResult result)
    {
        var parts = new List<string>();
        Add(parts, result.NotDicom, "not DICOM");
        Add(parts, result.NotStorable, "without SOP UIDs");
        Add(parts, result.Duplicates, "duplicate SOP instances");
        foreach (var (reason, count) in result.Refused.OrderBy(r => r.Key))
        {
            Add(parts, count, $"refused ({ImageRefusedException.Code(reason)})");
        }

        return string.Join(", ", parts);
    }

    private static void Add(List<string> parts, int count, string what)
    {
        if (count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{count} {what}"));
        }
    }

    /// <summary>Writes "n/total" per file, synchronously and in order, once there are enough files to wait for.</summary>
    private sealed class ProgressLines(TextWriter stderr) : IProgress<DeidentificationProgress>
    {
        public void Report(DeidentificationProgress value)
        {
            if (value.Total > ProgressThreshold)
            {
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hem dicom deidentify: {value.Done}/{value.Total}"));
            }
        }
    }
}
