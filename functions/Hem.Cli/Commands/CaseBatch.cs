using Hem.Imaging.Evaluation;
using Hem.Prediction.Preparation;

namespace Hem.Cli.Commands;

/// <summary>
/// The folders a per-case command (<c>hem prepare</c>, <c>hem predict</c>) reads and writes, checked before any
/// case is processed, so unusable input writes nothing: the input's case folders, each with the files every case
/// needs, and an output folder without any of those cases.
/// </summary>
internal sealed record CaseBatch(string Input, string Output, IReadOnlyList<string> Cases)
{
    public static CaseBatch Open(string input, string output)
    {
        if (!Directory.Exists(input))
        {
            throw new CommandInputException("the --data folder does not exist");
        }

        var cases = EvaluationLayout.CaseNames(input);
        if (cases.Count == 0)
        {
            throw new CommandInputException($"the --data folder holds no {EvaluationLayout.CasePrefix}NNNN folders");
        }

        foreach (string name in cases)
        {
            if (PairedCase.MissingFile(Path.Combine(input, name)) is { } missing)
            {
                throw new CommandInputException($"{name} has no {missing}; nothing was written");
            }
        }

        string folder = Path.GetFullPath(output);
        if (File.Exists(folder))
        {
            throw new CommandInputException("--out names a file, not a folder");
        }

        if (Directory.Exists(folder))
        {
            foreach (string name in cases)
            {
                if (Path.Exists(Path.Combine(folder, name)))
                {
                    throw new CommandInputException($"{name} already exists in --out; nothing was written (use another folder or remove it)");
                }
            }
        }

        return new CaseBatch(Path.GetFullPath(input), folder, cases);
    }

    public string CaseInput(string name) => Path.Combine(Input, name);
}

/// <summary>A problem with a command's arguments or folders, stated for its one-line error.</summary>
internal sealed class CommandInputException(string message) : Exception(message);
