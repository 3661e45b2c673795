using System.Text.Json;
using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;
using Hem.Testing;

namespace Hem.Imaging.Tests.Metrics;

public sealed class SurfaceDistanceTests
{
    [Fact]
    public void Hd95_of_a_voxel_and_a_line_by_hand()
    {
        var grid = TestVolumes.Grid(6, 3, 3);
        var a = TestVolumes.Mask(grid, (0, 0, 0));
        var b = TestVolumes.Mask(grid, (0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0));
        // A to B: 0. B to A: 0, 1, 2, 3. Pooled and sorted 0, 0, 1, 2, 3: the 95th percentile sits at 3.8 of 4.
        Assert.Equal(2.8, SurfaceDistance.Hausdorff95(a, b), 6);
        Assert.Equal(3, SurfaceDistance.Hausdorff(a, b), 6);

        var twoApart = TestVolumes.Mask(TestVolumes.Grid(6, 3, 3, 2, 1, 1), (1, 1, 1));
        var other = TestVolumes.Mask(TestVolumes.Grid(6, 3, 3, 2, 1, 1), (4, 1, 1));
        Assert.Equal(6, SurfaceDistance.Hausdorff95(twoApart, other), 6);
    }

    [Fact]
    public void Empty_masks_have_zero_or_infinite_distance()
    {
        var grid = TestVolumes.Grid(3, 3, 3);
        var empty = Volume.Zeros<byte>(grid);
        Assert.Equal(0, SurfaceDistance.Hausdorff95(empty, empty));
        Assert.True(double.IsPositiveInfinity(SurfaceDistance.Hausdorff95(empty, TestVolumes.Mask(grid, (1, 1, 1)))));
    }

    [Theory]
    [InlineData(1, 0.3, 0.25)]
    [InlineData(2, 0.5, 0.1)]
    [InlineData(3, 0.05, 0.6)]
    public async Task Hd95_matches_a_numpy_brute_force_over_surface_voxels(int seed, double densityA, double densityB)
    {
        var grid = TestVolumes.Grid(9, 8, 6, 0.7, 1.1, 2.5);
        var a = TestVolumes.RandomMask(grid, densityA, seed);
        var b = TestVolumes.RandomMask(grid, densityB, seed + 100);
        // A solid block inside A gives it interior voxels, so not every voxel is surface.
        foreach (var v in TestVolumes.Voxels(grid.Size).Where(v => v.X is >= 2 and <= 6 && v.Y is >= 2 and <= 6 && v.Z is >= 1 and <= 4))
        {
            a[v.X, v.Y, v.Z] = 1;
        }

        string python = ExternalTool.RequirePython("numpy");
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Imaging.Tests", "Scripts", "surface_distances.py");
        string input = JsonSerializer.Serialize(new
        {
            shape = new[] { grid.Size.X, grid.Size.Y, grid.Size.Z },
            spacing = new[] { grid.Spacing.X, grid.Spacing.Y, grid.Spacing.Z },
            a = a.Voxels.Select(v => (int)v),
            b = b.Voxels.Select(v => (int)v),
        });
        string file = Path.Combine(Path.GetTempPath(), $"hem-hd95-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, input, TestContext.Current.CancellationToken);
        try
        {
            var result = await ExternalTool.RunAsync("/bin/sh", ["-c", $"{python} {script} < {file}"], TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0, result.StandardError);
            using var expected = JsonDocument.Parse(result.StandardOutput);
            Assert.Equal(expected.RootElement.GetProperty("hd95").GetDouble(), SurfaceDistance.Hausdorff95(a, b), 5);
            Assert.Equal(expected.RootElement.GetProperty("hausdorff").GetDouble(), SurfaceDistance.Hausdorff(a, b), 5);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
