using System.Xml.Linq;
using Hem.Testing;

namespace Hem.Infra.Tests;

/// <summary>
/// infra-bicep/ compiles and lints clean with Bicep's own compiler and linter: no error, no warning, no message of any
/// kind, for the templates, every module and every parameters file.
/// </summary>
public sealed class BicepCompilerTests(InfraBuild infra)
{
    private static void AssertClean(ToolResult result, string what)
    {
        var diagnostics = BicepCli.Diagnostics(result);
        Assert.True(
            result.ExitCode == 0 && diagnostics.Count == 0,
            $"{what}: exit code {result.ExitCode}, {diagnostics.Count} diagnostics:\n{string.Join('\n', diagnostics)}");
    }

    [Fact]
    public async Task The_pinned_Bicep_version_runs()
    {
        string pinned = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Azure.Bicep.CommandLine.linux-x64")
            .Attribute("Version")!.Value;
        _ = infra.Build;   // skips where the CLI cannot run
        var version = await ExternalTool.RunAsync(BicepCli.Executable!, ["--version"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);

        Assert.Equal(0, version.ExitCode);
        Assert.Contains($"Bicep CLI version {pinned} ", version.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void There_is_a_main_template_modules_and_a_parameters_file_per_environment()
    {
        Assert.Contains("main.bicep", InfraBuild.BicepFiles);
        Assert.Contains(InfraBuild.BicepFiles, f => f.StartsWith("modules/", StringComparison.Ordinal));
        Assert.Contains("main.dev.bicepparam", InfraBuild.ParameterFiles);
        Assert.Contains("main.prod.bicepparam", InfraBuild.ParameterFiles);
        Assert.Contains("main.bicepparam", InfraBuild.ParameterFiles);   // azd's
    }

    [Fact]
    public void Every_bicep_file_builds_without_diagnostics()
    {
        AssertClean(infra.Build, "bicep build --pattern **/*.bicep");
        Assert.All(InfraBuild.BicepFiles, file =>
            Assert.True(File.Exists(Path.Combine(infra.ArmFolder, Path.ChangeExtension(file, ".json"))), $"{file} was not compiled"));
    }

    [Fact]
    public void Every_bicep_file_lints_without_diagnostics()
    {
        AssertClean(infra.Lint, "bicep lint --pattern **/*.bicep");
    }

    [Fact]
    public void Every_parameters_file_builds_and_lints_without_diagnostics()
    {
        AssertClean(infra.BuildParams, "bicep build-params --pattern *.bicepparam");
        AssertClean(infra.LintParams, "bicep lint --pattern *.bicepparam");
        Assert.All(InfraBuild.ParameterFiles, file =>
            Assert.True(File.Exists(Path.Combine(infra.ParamsFolder, Path.ChangeExtension(file, ".json"))), $"{file} was not built"));
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Every_parameters_file_gives_a_snapshot_without_diagnostics(string parameterFile)
    {
        AssertClean(infra.SnapshotRun(parameterFile), $"bicep snapshot {parameterFile}");
        Assert.Empty(infra.Snapshot(parameterFile)["diagnostics"]!.AsArray());
    }

    [Fact]
    public void The_linter_configuration_keeps_every_rule_at_warning_or_stricter()
    {
        var config = InfraBuild.ReadJson(Path.Combine(InfraBuild.Source, "bicepconfig.json"));
        var core = config["analyzers"]!["core"]!.AsObject();

        Assert.True(core["enabled"]!.GetValue<bool>());
        Assert.All(core["rules"]!.AsObject(), rule =>
        {
            string level = rule.Value!["level"]!.GetValue<string>();
            Assert.True(level is "warning" or "error", $"{rule.Key} is at {level}");
        });
    }

    [Fact]
    public void No_secret_is_written_in_the_parameters_files()
    {
        foreach (string file in InfraBuild.ParameterFiles)
        {
            string text = File.ReadAllText(Path.Combine(InfraBuild.Source, file));
            Assert.Contains("param deidentificationKey = readEnvironmentVariable('HEM_DEIDENTIFICATION_KEY')", text, StringComparison.Ordinal);
            Assert.Contains("param inferenceApiKey = readEnvironmentVariable('HEM_INFERENCE_API_KEY')", text, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> ParameterFiles() => [.. InfraBuild.ParameterFiles];
}
