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

    /// <summary>The GE HiSpeed head with gantry tilt (512 x 611 x 37 once resampled onto a regular grid).</summary>
    public static string TiltedGeSeries => Path.Combine(RepositoryRoot, "..", "shared", "fixtures", "dicom", "ct_series_extra", "ge_hispeed_head_tilt");
}
