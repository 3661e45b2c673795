using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Hem.Imaging.Evaluation;
using Hem.Imaging.Metrics;
using Hem.Imaging.Nifti;
using Hem.Imaging.Segmentation;
using Hem.Prediction;
using Hem.Prediction.Cards;
using Hem.Prediction.Grid;
using Hem.Prediction.Onnx;
using Hem.Prediction.Preparation;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem predict --data IN [--model DIR] --out OUT [--probability]</c>: predicts each case's follow-up hematoma
/// with the model in DIR and writes <c>OUT/case-NNNN/prediction.mask.nii.gz</c> on the baseline grid, the layout
/// <c>hem evaluate --pred</c> reads. One line per case on stdout; unusable input exits 2 with one line on stderr.
/// </summary>
public static class PredictCommand
{
    public const int BadInput = 2;

    /// <summary>The model-grid probability map, written with <c>--probability</c>.</summary>
    public const string ProbabilityFile = "prediction.probability.nii.gz";

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = $"The cases: case-NNNN/ folders with {PairedCase.BaselineCtFile} (HU) and {PairedCase.BaselineMaskFile} (the layout hem synth writes).",
            Required = true,
        };
        var model = new Option<string?>("--model")
        {
            Description = $"The model folder (model.json and the ONNX file it names); by default {ModelFolderLocator.RelativePath} beside hem or in the repository.",
        };
        var output = new Option<string>("--out") { Description = $"The folder to write case-NNNN/{EvaluationLayout.PredictionMask} into (created when missing; existing case folders are refused).", Required = true };
        var probability = new Option<bool>("--probability") { Description = $"Also write the model's probability map on its model grid ({ProbabilityFile}, float32)." };
        var command = new Command("predict",
            "Predict each case's follow-up hematoma mask from its baseline CT and baseline hematoma mask (brain by classical extraction), with an ONNX model and its card. " +
            $"Writes case-NNNN/{EvaluationLayout.PredictionMask} on the baseline grid, which hem evaluate --pred reads (definitions: docs/MODEL-CONTRACT.md). " +
            "Exit codes: 0 done; 2 unusable input or model, with one line on stderr; 1 a command-line usage error.")
        {
            data,
            model,
            output,
            probability,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new PredictArguments(parse.GetValue(data)!, parse.GetValue(model), parse.GetValue(output)!, parse.GetValue(probability)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(PredictArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var batch = CaseBatch.Open(arguments.Data, arguments.Output);
            string folder = arguments.Model ?? ModelFolderLocator.Find()
                ?? throw new CommandInputException($"no --model given, and no {ModelFolderLocator.RelativePath} folder beside hem or in the repository");
            using var model = await LoadAsync(folder, cancellationToken);
            var predictor = FollowupPredictor.For(model);
            var brainExtractor = new BrainExtractor();
            Directory.CreateDirectory(batch.Output);
            var total = Stopwatch.StartNew();
            for (int n = 0; n < batch.Cases.Count; n++)
            {
                string name = batch.Cases[n];
                var watch = Stopwatch.StartNew();
                var (paired, prediction) = await CaseErrors.NamedAsync(name, async () =>
                {
                    var paired = await PairedCase.ReadAsync(batch.CaseInput(name), withFollowup: false, cancellationToken);
                    var brain = brainExtractor.Extract(paired.BaselineCt, cancellationToken).Mask;
                    return (paired, await predictor.PredictAsync(paired.BaselineCt, paired.BaselineMask, brain, cancellationToken));
                });
                await WriteAsync(batch.Output, name, prediction, arguments.Probability, cancellationToken);
                await stdout.WriteLineAsync($"case {n + 1}/{batch.Cases.Count} {name}: {Describe(paired, prediction, watch.Elapsed)}");
            }

            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"predicted {batch.Cases.Count} cases with {model.Card.Name} {model.Card.Version} into {batch.Output} in {total.Elapsed.TotalSeconds:0.0} s"));
            return 0;
        }
        catch (Exception ex) when (ex is CommandInputException or PredictionInputException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"hem predict: {ex.Message.ReplaceLineEndings(" ")}");
            return BadInput;
        }
    }

    private static async Task<PredictionModel> LoadAsync(string folder, CancellationToken cancellationToken)
    {
        try
        {
            return await ModelLoader.LoadAsync(folder, cancellationToken: cancellationToken);
        }
        catch (ModelFolderException ex)
        {
            throw new CommandInputException($"the model cannot be used: {ex.Message}");
        }
    }

    private static Task WriteAsync(string output, string name, FollowupPrediction prediction, bool probability, CancellationToken cancellationToken) =>
        AtomicFolder.WriteAsync(output, name, async staging =>
        {
            var mask = prediction.Mask;
            await NiftiWriter.WriteAsync(Path.Combine(staging, EvaluationLayout.PredictionMask), mask.Geometry, mask.Voxels, "HemFunctions predicted follow-up hematoma", cancellationToken);
            if (probability && prediction.Probability is { } map)
            {
                await NiftiWriter.WriteAsync(Path.Combine(staging, ProbabilityFile), map.Geometry, map.Voxels, "HemFunctions follow-up hematoma probability", cancellationToken);
            }
        }, cancellationToken);

    private static string Describe(PairedCase paired, FollowupPrediction prediction, TimeSpan elapsed)
    {
        if (prediction.Grid is not { } grid)
        {
            return string.Create(CultureInfo.InvariantCulture, $"the baseline mask is empty, so the prediction is empty, {elapsed.TotalSeconds:0.0} s");
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"baseline {MaskVolume.Ml(paired.BaselineMask):0.0} mL -> predicted {prediction.VolumeMl:0.0} mL (model grid {grid.Geometry.Size}, {prediction.Windows} windows), {elapsed.TotalSeconds:0.0} s");
    }
}

/// <summary>The arguments of <c>hem predict</c>.</summary>
public sealed record PredictArguments(string Data, string? Model, string Output, bool Probability);
