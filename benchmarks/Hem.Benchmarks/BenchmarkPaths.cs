namespace Hem.Benchmarks;

/// <summary>Where the benchmark inputs are: the shared fixtures beside the repository.</summary>
internal static class BenchmarkPaths
{
    public static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "HemFunctions.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("run the benchmarks from inside the repository");
        }
    }

    public static string PhilipsSeries => Path.Combine(RepositoryRoot, "..", "shared", "fixtures", "dicom", "ct_series", "philips_ingenuity_brain_5mm");
}
