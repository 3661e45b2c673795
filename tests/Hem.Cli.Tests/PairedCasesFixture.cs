namespace Hem.Cli.Tests;

/// <summary>
/// Two synthetic paired cases (5 mm, NIfTI only) written once by <c>hem synth</c> for the <c>hem prepare</c> and
/// <c>hem predict</c> tests, which copy them where they need to change a file.
/// </summary>
public sealed class PairedCasesFixture : IAsyncLifetime
{
    public const long Seed = 61;

    public string Root { get; } = Directory.CreateTempSubdirectory("hem-paired-").FullName;

    public string Data => Path.Combine(Root, "data");

    public async ValueTask InitializeAsync()
    {
        var (code, _, error) = await CliRun.RunAsync("synth", "--out", Data, "--cases", "2", "--seed", Seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "nifti");
        Assert.True(code == 0, error);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A copy of the cases in a new folder under <paramref name="parent"/>, to change files in.</summary>
    public string Copy(string parent)
    {
        string copy = Path.Combine(parent, "data-" + Guid.NewGuid().ToString("N")[..8]);
        foreach (string file in Directory.EnumerateFiles(Data, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(Data, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return copy;
    }
}

[CollectionDefinition(Name)]
public sealed class PairedCasesDefinition : ICollectionFixture<PairedCasesFixture>
{
    public const string Name = "paired synthetic cases";
}
