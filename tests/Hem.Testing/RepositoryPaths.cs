namespace Hem.Testing;

/// <summary>Locates the repository and the shared fixtures from a test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The real-world DICOM files beside the repository (<c>../shared/fixtures/dicom</c>).</summary>
    public static string DicomFixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures", "dicom"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HemFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HemFunctions.sln not found above the test output folder " + AppContext.BaseDirectory);
    }
}
