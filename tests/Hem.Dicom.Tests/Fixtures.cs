using Hem.Testing;

namespace Hem.Dicom.Tests;

/// <summary>The shared real-world DICOM files; tests skip with a clear reason when they are absent.</summary>
internal static class Fixtures
{
    /// <summary>The one theory row used when the fixtures are absent; <see cref="Path"/> skips on it.</summary>
    public const string AbsentMarker = "(fixtures absent)";

    public static string Root => RepositoryPaths.DicomFixtures;

    public static string Path(string relative)
    {
        Assert.SkipUnless(Directory.Exists(Root), $"the DICOM fixtures are not at {Root} (../shared/fixtures/dicom beside the repository)");
        return System.IO.Path.Combine(Root, relative);
    }

    /// <summary>Every DICOM file under the fixtures folder, relative paths, sorted.</summary>
    public static IReadOnlyList<string> AllDicomFiles()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("licenses/", StringComparison.Ordinal)
                && !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".tsv", StringComparison.Ordinal)
                && !f.EndsWith(".nrrd", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
