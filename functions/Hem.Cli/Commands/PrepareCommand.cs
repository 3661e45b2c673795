using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hem.Imaging.Segmentation;
using Hem.Prediction.Grid;
using Hem.Prediction.Preparation;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem prepare --data IN --out OUT [--spacing 1.5] [--margin 20]</c>: writes the training layout of
/// docs/MODEL-CONTRACT.md for every case of a paired-data folder: each case's model input, brain and follow-up on
/// its model grid, and <c>preprocessing.json</c>. Cases run concurrently; one line per case on stdout.
/// </summary>
public static class PrepareCommand
{
    public const int BadInput = 2;

    public const string Tool = "hem prepare";

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = $"Paired cases: case-NNNN/ folders with {PairedCase.BaselineCtFile} (HU) and {PairedCase.BaselineMaskFile}, and for training {PairedCase.FollowupMaskFile} " +
                $"(on the baseline grid), optionally {PairedCase.FollowupCtFile} (the layout hem synth writes).",
            Required = true,
        };
        var output = new Option<string>("--out") { Description = "The folder to write preprocessing.json and the prepared case-NNNN/ folders into (created when missing; existing case folders are refused).", Required = true };
        var spacing = new Option<double>("--spacing") { Description = "The model grid's isotropic voxel size in mm.", DefaultValueFactory = _ => ModelGridSettings.Default.SpacingMm };
        var margin = new Option<double>("--margin") { Description = "How far the region of interest reaches beyond the baseline hematoma's bounding box, in mm.", DefaultValueFactory = _ => ModelGridSettings.Default.RoiMarginMm };
        var command = new Command("prepare",
            "Prepare training data: per case, the baseline CT channel (brain window, zero outside the brain), the baseline and follow-up mask fractions, the follow-up CT " +
            "and the brain, resampled to the isotropic model grid around the baseline hematoma (brain by classical extraction from the baseline CT), plus prepared.json and " +
            "preprocessing.json. Cases with an empty baseline mask are skipped. Definitions and layout: docs/MODEL-CONTRACT.md. Exit codes: 0 done; 2 unusable input, with one line on stderr; 1 a command-line usage error.")
        {
            data,
            output,
            spacing,
            margin,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(data)!,
            parse.GetValue(output)!,
            parse.GetValue(spacing),
            parse.GetValue(margin),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(string data, string output, double spacingMm, double marginMm, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var settings = Settings(spacingMm, marginMm);
            var batch = CaseBatch.Open(data, output);
            Directory.CreateDirectory(batch.Output);
            await PreprocessingManifest.For(settings, Tool).WriteAsync(batch.Output, cancellationToken);
            var preparer = new ModelInputPreparer(settings);
            var brainExtractor = new BrainExtractor();
            var progress = TextWriter.Synchronized(stdout);
            var total = Stopwatch.StartNew();
            int done = 0;
            int skipped = 0;
            // Reading, brain extraction and gzip are largely single-threaded per case: cases in parallel use the cores.
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4), CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batch.Cases, options, async (name, token) =>
            {
                var watch = Stopwatch.StartNew();
                var prepared = await CaseErrors.NamedAsync(name, async () =>
                {
                    var paired = await PairedCase.ReadAsync(batch.CaseInput(name), withFollowup: true, token);
                    return PreparedCase.From(paired, preparer, brainExtractor, token);
                });
                if (prepared is not null)
                {
                    await PreparedCaseWriter.WriteAsync(batch.Output, prepared, token);
                }
                else
                {
                    Interlocked.Increment(ref skipped);
                }

                int n = Interlocked.Increment(ref done);
                await progress.WriteLineAsync($"case {n}/{batch.Cases.Count} {name}: {Describe(prepared, watch.Elapsed)}");
            });

            int written = batch.Cases.Count - skipped;
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"prepared {written} of {batch.Cases.Count} cases ({settings}) into {batch.Output} in {total.Elapsed.TotalSeconds:0.0} s; {skipped} skipped (empty baseline mask)"));
            return 0;
        }
        catch (Exception ex) when (ex is CommandInputException or PredictionInputException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"hem prepare: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    private static ModelGridSettings Settings(double spacingMm, double marginMm)
    {
        if (!(spacingMm > 0) || !double.IsFinite(spacingMm))
        {
            throw new CommandInputException("--spacing must be a positive number of millimetres");
        }

        if (!(marginMm >= 0) || !double.IsFinite(marginMm))
        {
            throw new CommandInputException("--margin must be a number of millimetres, 0 or more");
        }

        var defaults = ModelGridSettings.Default;
        return new ModelGridSettings(spacingMm, marginMm, defaults.PatchSize, defaults.Normalisation);
    }

    private static string Describe(PreparedCase? prepared, TimeSpan elapsed)
    {
        if (prepared is null)
        {
            return string.Create(CultureInfo.InvariantCulture, $"skipped, the baseline mask is empty (no region of interest), {elapsed.TotalSeconds:0.0} s");
        }

        string followup = prepared.FollowupVolumeMl is { } f ? string.Create(CultureInfo.InvariantCulture, $", follow-up {f:0.0} mL") : ", no follow-up mask";
        return string.Create(CultureInfo.InvariantCulture,
            $"model grid {prepared.Input.Grid.Geometry.Size}, baseline {prepared.BaselineVolumeMl:0.0} mL{followup}, {elapsed.TotalSeconds:0.0} s");
    }
}
