using System.CommandLine;
using Hem.Cli.Commands;

namespace Hem.Cli;

/// <summary>
/// The <c>hem</c> command tree. Commands join it as the issues that bring them land; the root lists only what
/// works today.
/// </summary>
public static class HemCommandLine
{
    public const string Description =
        "HemFunctions: predicts hematoma expansion from a non-contrast head CT (Abramova et al. 2024). " +
        "Trained on synthetic data; not a medical device.";

    public static RootCommand Create()
    {
        var root = new RootCommand(Description)
        {
            DicomCommand.Create(),
            ValidateCommand.Create(),
            EvaluateCommand.Create(),
            CeilingCommand.Create(),
            SynthCommand.Create(),
            PrepareCommand.Create(),
            PredictCommand.Create(),
            AnalyzeCommand.Create(),
            UpCommand.Create(),
            DemoCommand.Create(),
            SubmitCommand.Create(),
            EventsCommand.Create(),
            BackfillCommand.Create(),
        };
        return root;
    }
}
