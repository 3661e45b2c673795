using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hem.Imaging.Synthetic;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem synth --out DIR --cases N --seed S [--slices 5mm|1mm] [--format dicom,nifti] [--followup-dicom]
/// [--labels]</c>: writes synthetic head CT cases with an intracerebral hematoma, its follow-up and their ground
/// truth. Progress goes to stderr, one line per case; the summary to stdout. Existing case folders are refused
/// before anything is written; bad arguments exit 2 with one line on stderr.
/// </summary>
public static class SynthCommand
{
    public const int BadInput = 2;

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "The folder to write case-0001, case-0002... into (created when missing).", Required = true };
        var cases = new Option<int>("--cases") { Description = "How many cases to write.", Required = true };
        var seed = new Option<long>("--seed") { Description = "The run's seed: the same seed writes the same bytes.", Required = true };
        var slices = new Option<string>("--slices") { Description = "5mm (28-30 slices, the routine series) or 1mm (141-151 thin slices).", DefaultValueFactory = _ => "5mm" };
        var format = new Option<string>("--format") { Description = "What to write of the CT: dicom, nifti or dicom,nifti (masks and case.json always).", DefaultValueFactory = _ => "dicom,nifti" };
        var followUpDicom = new Option<bool>("--followup-dicom") { Description = "Also write the follow-up CT as a DICOM series (followup/)." };
        var labels = new Option<bool>("--labels") { Description = "Also write the tissue labels (baseline.labels.nii.gz)." };
        var command = new Command("synth", "Write synthetic head CT studies with an intracerebral hematoma and its follow-up (DICOM, NIfTI, masks, case.json).")
        {
            output,
            cases,
            seed,
            slices,
            format,
            followUpDicom,
            labels,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new SynthArguments(parse.GetValue(output)!, parse.GetValue(cases), parse.GetValue(seed), parse.GetValue(slices)!, parse.GetValue(format)!, parse.GetValue(followUpDicom), parse.GetValue(labels)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(SynthArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var options = Options(arguments);
            string folder = PrepareFolder(arguments.Output, arguments.Cases);
            int expanded = 0;
            var total = Stopwatch.StartNew();
            for (int n = 1; n <= arguments.Cases; n++)
            {
                var watch = Stopwatch.StartNew();
                var scan = SyntheticGenerator.Case(arguments.Seed, n, options.Protocol);
                var description = await SyntheticCaseWriter.WriteAsync(folder, arguments.Seed, n, scan, options, cancellationToken);
                expanded += description.He ? 1 : 0;
                await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"case {n}/{arguments.Cases} {SyntheticGenerator.CaseFolderName(n)}: {description.Location} {description.Side}, {description.BaselineVolumeMl:0.0} -> {description.FollowupVolumeMl:0.0} mL{(description.He ? " (HE)" : string.Empty)}, {watch.Elapsed.TotalSeconds:0.0} s"));
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"wrote {arguments.Cases} cases ({options.Protocol.Name}) to {folder} in {total.Elapsed.TotalSeconds:0.0} s; {expanded} of {arguments.Cases} meet the HE definition"));
            return 0;
        }
        catch (Exception ex) when (ex is BadInputException or IOException or UnauthorizedAccessException or FormatException)
        {
            await stderr.WriteLineAsync($"hem synth: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    private static SynthOutputOptions Options(SynthArguments arguments)
    {
        if (arguments.Cases < 1 || arguments.Cases > 9999)
        {
            throw new BadInputException("--cases must be between 1 and 9999");
        }

        if (arguments.Seed < 0)
        {
            throw new BadInputException("--seed must not be negative");
        }

        var parts = arguments.Format.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        bool dicom = false;
        bool nifti = false;
        foreach (string part in parts)
        {
            switch (part.ToLowerInvariant())
            {
                case "dicom":
                    dicom = true;
                    break;
                case "nifti":
                    nifti = true;
                    break;
                default:
                    throw new BadInputException($"--format takes dicom, nifti or both, comma-separated (not '{part}')");
            }
        }

        if (!dicom && !nifti)
        {
            throw new BadInputException("--format takes dicom, nifti or both, comma-separated");
        }

        if (arguments.FollowUpDicom && !dicom)
        {
            throw new BadInputException("--followup-dicom needs dicom in --format");
        }

        ScanProtocol protocol;
        try
        {
            protocol = ScanProtocol.Parse(arguments.Slices);
        }
        catch (FormatException ex)
        {
            throw new BadInputException("--slices: " + ex.Message);
        }

        return new SynthOutputOptions { Protocol = protocol, Dicom = dicom, Nifti = nifti, FollowUpDicom = arguments.FollowUpDicom, Labels = arguments.Labels };
    }

    /// <summary>Creates the output folder when missing and refuses a run that would meet an existing case folder.</summary>
    private static string PrepareFolder(string output, int cases)
    {
        string folder = Path.GetFullPath(output);
        if (File.Exists(folder))
        {
            throw new BadInputException("--out names a file, not a folder");
        }

        Directory.CreateDirectory(folder);
        for (int n = 1; n <= cases; n++)
        {
            string name = SyntheticGenerator.CaseFolderName(n);
            if (Path.Exists(Path.Combine(folder, name)))
            {
                throw new BadInputException($"{name} already exists in --out; nothing was written (use another folder or remove it)");
            }
        }

        return folder;
    }

    /// <summary>A problem with the arguments or the output folder, stated for the one-line error.</summary>
    private sealed class BadInputException(string message) : Exception(message);
}

/// <summary>The arguments of <c>hem synth</c>.</summary>
public sealed record SynthArguments(string Output, int Cases, long Seed, string Slices, string Format, bool FollowUpDicom, bool Labels);
