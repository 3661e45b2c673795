namespace Hem.Cli.Commands;

/// <summary>
/// Finds the shipped model, <c>models/hem-expansion</c>, when no <c>--model</c> is given: beside the executable (a
/// published tool), then at the root of the repository (the folder holding HemFunctions.sln) above the
/// executable or the working folder (a build or <c>dotnet run</c> in a clone).
/// </summary>
public static class ModelFolderLocator
{
    public static readonly string RelativePath = Path.Combine("models", "hem-expansion");

    public static string? Find() => Find([AppContext.BaseDirectory, Environment.CurrentDirectory]);

    public static string? Find(IEnumerable<string> startFolders)
    {
        ArgumentNullException.ThrowIfNull(startFolders);
        var starts = startFolders.ToList();
        foreach (string start in starts)
        {
            string beside = Path.Combine(start, RelativePath);
            if (Directory.Exists(beside))
            {
                return Path.GetFullPath(beside);
            }
        }

        foreach (string start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HemFunctions.sln")))
                {
                    string model = Path.Combine(dir.FullName, RelativePath);
                    if (Directory.Exists(model))
                    {
                        return model;
                    }

                    break;
                }
            }
        }

        return null;
    }
}
