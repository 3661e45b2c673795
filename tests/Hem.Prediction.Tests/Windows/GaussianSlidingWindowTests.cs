using System.Globalization;
using System.Runtime.InteropServices;
using Hem.Dicom.Series;
using Hem.Imaging.Volumes;
using Hem.Prediction.Onnx;
using Hem.Prediction.Windows;
using Hem.Testing;

namespace Hem.Prediction.Tests.Windows;

/// <summary>
/// The sliding window against the direct whole-volume operation (a voxel-wise model) and against an independent
/// implementation of the contract in numpy/scipy (the dilation model, whose windows disagree at patch borders, so
/// the Gaussian weighting decides the result).
/// </summary>
public sealed class GaussianSlidingWindowTests : IDisposable
{
    private static readonly GridSize Patch = new(32, 32, 32);

    private readonly string _folder = Directory.CreateTempSubdirectory("hem-window-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Volume<float> Random(GridSize size, int seed, double share)
    {
        var random = new Random(seed);
        var geometry = TestGrids.Axial(size, new Vector3D(1.5, 1.5, 1.5), new Vector3D(-20, 7, 3));
        var values = new float[size.VoxelCount];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() < share ? (float)random.NextDouble() : 0f;
        }

        return new Volume<float>(geometry, values);
    }

    [Theory]
    [InlineData(45, 33, 100, 1)]
    [InlineData(45, 33, 100, 4)]
    [InlineData(32, 32, 32, 3)]
    [InlineData(58, 46, 33, 5)]
    public async Task A_voxelwise_model_gives_the_direct_operation_on_every_voxel(int nx, int ny, int nz, int batch)
    {
        var size = new GridSize(nx, ny, nz);
        var ct = Random(size, 1, 1);
        var mask = Random(size, 2, 0.3);
        var predictor = new PointwisePredictor(Patch);
        var window = new GaussianSlidingWindow(SlidingWindowSettings.Default, batch);

        var result = await window.PredictAsync(predictor, [ct, mask], TestContext.Current.CancellationToken);

        Assert.Equal(ct.Geometry, result.Geometry);
        for (int i = 0; i < result.Voxels.Length; i++)
        {
            Assert.Equal(PointwisePredictor.Op(ct.Voxels[i], mask.Voxels[i]), result.Voxels[i], 1e-6f);
        }

        int windows = WindowPositions.Along(nx, 32, 0.6).Count * WindowPositions.Along(ny, 32, 0.6).Count * WindowPositions.Along(nz, 32, 0.6).Count;
        Assert.Equal(windows, predictor.Patches);
        Assert.Equal(windows, window.Windows(size, Patch).Count);
        Assert.Equal((windows + batch - 1) / batch, predictor.Calls);
        Assert.True(predictor.LargestBatch <= batch);
    }

    [Fact]
    public async Task The_dilation_model_agrees_with_a_numpy_scipy_implementation_of_the_contract()
    {
        string python = ExternalTool.RequirePython("numpy", "scipy");
        var ct = TestToken();
        var size = new GridSize(45, 33, 58);
        var mask = Random(size, 3, 0.02);
        using var model = await ModelLoader.LoadAsync(TestModels.Dilate, cancellationToken: ct);
        var window = new GaussianSlidingWindow(model.Settings.Window, batchSize: 3);

        var result = await window.PredictAsync(model.Predictor, [Random(size, 4, 1), mask], ct);

        string input = Path.Combine(_folder, "mask.f32");
        string expected = Path.Combine(_folder, "expected.f32");
        await File.WriteAllBytesAsync(input, MemoryMarshal.AsBytes(mask.Voxels.AsSpan()).ToArray(), ct);
        string script = Path.Combine(RepositoryPaths.Root, "tests", "Hem.Prediction.Tests", "Scripts", "sliding_window_reference.py");
        var run = await ExternalTool.RunAsync(python, [script, input, "58", "33", "45", "32", "0.6", "0.125", expected], TimeSpan.FromMinutes(2), ct);
        Assert.True(run.ExitCode == 0, run.StandardError);
        var reference = MemoryMarshal.Cast<byte, float>(await File.ReadAllBytesAsync(expected, ct)).ToArray();
        Assert.Equal(result.Voxels.Length, reference.Length);
        double worst = result.Voxels.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-5, string.Create(CultureInfo.InvariantCulture, $"largest difference {worst}"));
        // The windows' borders matter here (a patch's edge voxels see part of their neighbourhood), so this checks
        // the weighting, not just the tiling: the result is not the whole-volume dilation everywhere.
        var direct = MaxFilter.Of(mask.Voxels, size);
        Assert.Contains(Enumerable.Range(0, direct.Length), i => Math.Abs(direct[i] - result.Voxels[i]) > 1e-3);
    }

    [Fact]
    public async Task Channels_must_match_the_model_and_share_a_grid()
    {
        var window = new GaussianSlidingWindow(SlidingWindowSettings.Default);
        var predictor = new PointwisePredictor(Patch);
        var a = Random(new GridSize(32, 32, 32), 1, 1);
        await Assert.ThrowsAsync<ArgumentException>(() => window.PredictAsync(predictor, [a], TestToken()));
        var moved = new Volume<float>(TestGrids.Axial(a.Size, new Vector3D(1.5, 1.5, 1.5)), a.Voxels);
        await Assert.ThrowsAsync<ArgumentException>(() => window.PredictAsync(predictor, [a, moved], TestToken()));
        var small = Random(new GridSize(31, 32, 32), 1, 1);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => window.PredictAsync(predictor, [small, small], TestToken()));
    }

    [Fact]
    public async Task Cancellation_stops_before_the_next_batch()
    {
        var a = Random(new GridSize(64, 64, 64), 1, 1);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new GaussianSlidingWindow(SlidingWindowSettings.Default).PredictAsync(new PointwisePredictor(Patch), [a, a], cancel.Token));
    }

    private static CancellationToken TestToken() => TestContext.Current.CancellationToken;
}
