using System.CommandLine;

using static Hem.Cli.Tests.CliRun;

namespace Hem.Cli.Tests;

public sealed class HemCommandLineTests
{
    [Fact]
    public async Task Help_describes_the_tool_and_its_limits()
    {
        var (code, output, _) = await RunAsync("--help");

        Assert.Equal(0, code);
        Assert.Contains("hematoma expansion", output, StringComparison.Ordinal);
        Assert.Contains("not a medical device", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_prints_the_assembly_version()
    {
        var (code, output, _) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.StartsWith("0.1.0", output.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_an_error_that_names_it()
    {
        var (code, _, error) = await RunAsync("frobnicate");

        Assert.NotEqual(0, code);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prepare", "--data")]
    [InlineData("predict", "--model")]
    public async Task The_model_commands_explain_themselves_and_a_missing_option_is_a_usage_error(string command, string option)
    {
        var (code, output, _) = await RunAsync(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains(option, output, StringComparison.Ordinal);
        Assert.Contains("docs/MODEL-CONTRACT.md", output, StringComparison.Ordinal);

        (code, _, var error) = await RunAsync(command, "--out", "somewhere");
        Assert.Equal(1, code);
        Assert.Contains("--data", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_assembly_is_named_hem()
    {
        Assert.Equal("hem", typeof(HemCommandLine).Assembly.GetName().Name);
    }
}
