using Hem.Testing;

namespace Hem.Prediction.Tests.Training;

/// <summary>
/// Runs the PyTorch training package's own unit tests (training/tests: warp against grid_sample, augmentation,
/// network, export, a tiny end-to-end training) so that the one test command of the repository covers both
/// languages. Skipped where Debian's python3-torch is missing, failed instead under CI, where .ci/run installs it.
/// </summary>
public sealed class TrainingPackageTests
{
    [Fact]
    public async Task The_training_packages_unit_tests_pass()
    {
        string python = ExternalTool.RequirePython("torch", "onnx", "scipy", "nibabel", "numpy");
        string training = Path.Combine(RepositoryPaths.Root, "training");

        var result = await ExternalTool.RunAsync(
            python,
            ["-m", "unittest", "discover", "-s", Path.Combine(training, "tests"), "-t", training],
            TimeSpan.FromMinutes(8),
            TestContext.Current.CancellationToken);

        Assert.True(result.ExitCode == 0, $"python unittest failed:\n{result.StandardError}\n{result.StandardOutput}");
        Assert.Contains("OK", result.StandardError, StringComparison.Ordinal);
    }
}
