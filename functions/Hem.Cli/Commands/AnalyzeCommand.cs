using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Hem.Dicom.Deidentification;
using Hem.Pipeline.Analysis;
using Hem.Prediction.Cards;
using Hem.Prediction.Onnx;

namespace Hem.Cli.Commands;

/// <summary>
/// <c>hem analyze &lt;zip|folder|nifti&gt; --out DIR [--model DIR|model.onnx] [--key-file F] [--json]</c>: the whole
/// pipeline on one study in this process, writing what the cloud pipeline writes. Progress per step on stderr;
/// <c>--json</c> prints only the result object. Exit codes: 0 analysed, 3 rejected (code and reason), 2 unusable
/// input or model, 1 a usage error. Nothing is left in DIR unless the analysis finished.
/// </summary>
public static class AnalyzeCommand
{
    public const int Unusable = 2;

    public const int Rejected = 3;

    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "The study: a folder of DICOM files, a .zip of them, or a research volume NAME.nii[.gz] (with NAME.mask.nii.gz beside it to use that baseline mask)." };
        var output = new Option<string>("--out") { Description = "The output folder; it must not exist or be empty.", Required = true };
        var model = new Option<string?>("--model") { Description = $"The model folder, or its model.onnx (the card model.json must lie beside it); by default {ModelFolderLocator.RelativePath}." };
        var keyFile = new Option<string?>("--key-file") { Description = $"The de-identification key (at least {DeidentificationKey.MinimumBytes} bytes) so pseudonyms and UIDs are the same in every run; without it a random key is used for this run only." };
        var json = new Option<bool>("--json") { Description = "Print only the result, as a JSON object (no progress)." };
        var command = new Command("analyze",
            "Analyse one study end to end: validate, de-identify, build the volume, extract the brain, segment the baseline hematoma, predict the follow-up hematoma with the ONNX model (CPU), " +
            "and write the de-identified series, ct.nii.gz, baseline.mask.nii.gz, prediction.mask.nii.gz, volumes.json and provenance.json. " +
            "Exit codes: 0 analysed; 3 the study was rejected (a stable code and the reason on stderr, or in the JSON); 2 unusable input or model, with one line on stderr; 1 a command-line usage error.")
        {
            input,
            output,
            model,
            keyFile,
            json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new AnalyzeArguments(parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(model), parse.GetValue(keyFile), parse.GetValue(json)),
            parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(AnalyzeArguments arguments, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        try
        {
            var key = arguments.KeyFile is { } path ? await DeidentificationKey.FromFileAsync(path, cancellationToken) : DeidentificationKey.FromBytes(RandomNumberGenerator.GetBytes(DeidentificationKey.MinimumBytes));
            using var model = await LoadModelAsync(arguments.Model, cancellationToken);
            var progress = arguments.Json ? null : new StepLines(stderr);
            var result = await new StudyAnalysisRun(model, key, TimeProvider.System).RunAsync(arguments.Input, arguments.Output, progress, cancellationToken);
            await stdout.WriteLineAsync(arguments.Json ? JsonSerializer.Serialize(new AnalyzedJson(true, result.OutputFolder, result.Volumes, result.Files, result.Provenance.Steps), VolumeSummary.Json) : Describe(result));
            return 0;
        }
        catch (StudyRejectedException ex)
        {
            if (arguments.Json)
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(new RejectedJson(false, ex.Code, ex.Message), VolumeSummary.Json));
            }

            await stderr.WriteLineAsync($"hem analyze: rejected ({ex.Code}): {ex.Message}");
            return Rejected;
        }
        catch (Exception ex) when (ex is AnalysisInputException or CommandInputException or DeidentificationKeyException or DeidentificationInputException or Prediction.Grid.PredictionInputException)
        {
            await stderr.WriteLineAsync($"hem analyze: {ex.Message.ReplaceLineEndings(" ")}");
            return Unusable;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The runtime's messages quote paths, which may name a patient: name the failure only.
            await stderr.WriteLineAsync($"hem analyze: a file could not be read or written ({ex.GetType().Name}); nothing was written");
            return Unusable;
        }
    }

    private static async Task<PredictionModel> LoadModelAsync(string? given, CancellationToken cancellationToken)
    {
        string folder = given is null
            ? ModelFolderLocator.Find() ?? throw new CommandInputException($"no --model given, and no {ModelFolderLocator.RelativePath} folder beside hem or in the repository")
            : File.Exists(given) ? Path.GetDirectoryName(Path.GetFullPath(given))! : given;
        try
        {
            return await ModelLoader.LoadAsync(folder, cancellationToken: cancellationToken);
        }
        catch (ModelFolderException ex)
        {
            throw new CommandInputException($"the model cannot be used: {ex.Message}");
        }
    }

    private static string Describe(AnalysisResult result)
    {
        var v = result.Volumes;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"baseline hematoma {v.BaselineVolumeMl:0.0} mL (ABC/2 {(v.AbcOver2Ml is { } abc ? abc.ToString("0.0", CultureInfo.InvariantCulture) + " mL" : "n/a")})"),
            string.Create(CultureInfo.InvariantCulture, $"predicted follow-up {v.PredictedFollowupVolumeMl:0.0} mL, growth {v.PredictedGrowthMl:+0.0;-0.0;0.0} mL{(v.PredictedGrowthPercent is { } p ? string.Create(CultureInfo.InvariantCulture, $" ({p:+0.0;-0.0;0.0} %)") : "")}"),
            $"hematoma expansion predicted: {(v.HematomaExpansionPredicted ? "yes" : "no")} ({v.ExpansionCriterion}); model {v.Model.Name} {v.Model.Version}",
        };
        lines.AddRange(v.Warnings.Select(w => "warning: " + w));
        lines.Add($"wrote {string.Join(", ", result.Files)} to {result.OutputFolder}");
        return string.Join(Environment.NewLine, lines);
    }

    private sealed record AnalyzedJson(bool Accepted, string Output, VolumeSummary Volumes, IReadOnlyList<string> Files, IReadOnlyList<StepTiming> Steps);

    private sealed record RejectedJson(bool Accepted, string Code, string Reason);

    /// <summary>One line per step on stderr: its start, then its time.</summary>
    private sealed class StepLines(TextWriter stderr) : IProgress<StepReport>
    {
        public void Report(StepReport value) => stderr.WriteLine(value.Finished
            ? string.Create(CultureInfo.InvariantCulture, $"hem analyze: {value.Step} done in {value.ElapsedMs / 1000:0.00} s")
            : $"hem analyze: {value.Step}...");
    }
}

/// <summary>The arguments of <c>hem analyze</c>.</summary>
public sealed record AnalyzeArguments(string Input, string Output, string? Model, string? KeyFile, bool Json);
