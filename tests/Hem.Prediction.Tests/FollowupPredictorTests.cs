using Hem.Dicom.Series;
using Hem.Imaging.Metrics;
using Hem.Imaging.Volumes;
using Hem.Prediction.Cards;
using Hem.Prediction.Onnx;
using Hem.Prediction.Tests.Windows;
using Hem.Prediction.Windows;

namespace Hem.Prediction.Tests;

/// <summary>One study through preparation, the sliding window, masking and mapping back.</summary>
public sealed class FollowupPredictorTests
{
    private static readonly VolumeGeometry Geometry = TestGrids.Axial(new GridSize(100, 100, 24), new Vector3D(0.8, 0.8, 5), new Vector3D(-40, -40, -60));

    /// <summary>Returns the mask channel: the prediction is "no change".</summary>
    private sealed class NoChange : IPatchPredictor
    {
        public GridSize PatchSize { get; } = new(32, 32, 32);

        public int InputChannels => 2;

        public int Calls { get; private set; }

        public Task PredictAsync(ReadOnlyMemory<float> input, Memory<float> output, int count, CancellationToken cancellationToken)
        {
            Calls++;
            int voxels = (int)PatchSize.VoxelCount;
            for (int b = 0; b < count; b++)
            {
                input.Span.Slice(((2 * b) + 1) * voxels, voxels).CopyTo(output.Span.Slice(b * voxels, voxels));
            }

            return Task.CompletedTask;
        }
    }

    private static (Volume<short> Ct, Volume<byte> Mask) Study()
    {
        var ct = Volume.Zeros<short>(Geometry);
        ct.Voxels.AsSpan().Fill(30);
        return (ct, TestGrids.Ball(Geometry, new Vector3D(0, 0, 0), 12));
    }

    [Fact]
    public async Task A_model_predicting_no_change_gives_back_the_baseline_mask()
    {
        var (ct, mask) = Study();
        var brain = TestGrids.Box(Geometry, VoxelBox.Whole(Geometry.Size));
        var model = new NoChange();

        var prediction = await new FollowupPredictor(ModelSettings.Default, model).PredictAsync(ct, mask, brain, TestContext.Current.CancellationToken);

        Assert.Equal(Geometry, prediction.Mask.Geometry);
        Assert.True(TestGrids.Dice(mask, prediction.Mask) >= 0.95);
        Assert.Equal(MaskVolume.Ml(prediction.Mask), prediction.VolumeMl);
        Assert.NotNull(prediction.Grid);
        Assert.Equal(prediction.Grid.Geometry, prediction.Probability!.Geometry);
        var size = prediction.Grid.Geometry.Size;
        Assert.Equal(WindowPositions.Along(size.X, 32, 0.6).Count * WindowPositions.Along(size.Y, 32, 0.6).Count * WindowPositions.Along(size.Z, 32, 0.6).Count, prediction.Windows);
        Assert.Equal((prediction.Windows + 3) / 4, model.Calls);
    }

    [Fact]
    public async Task Outside_the_brain_the_probability_is_zero_and_nothing_is_predicted()
    {
        var (ct, mask) = Study();
        // The brain ends at x = 50 (0 mm): half of the ball lies outside it.
        var brain = TestGrids.Box(Geometry, new VoxelBox(0, 0, 0, 50, 100, 24));

        var prediction = await new FollowupPredictor(ModelSettings.Default, new NoChange()).PredictAsync(ct, mask, brain, TestContext.Current.CancellationToken);

        Assert.Equal(0, MaskVolume.IntersectionCount(prediction.Mask, MaskVolume.Difference(mask, brain)));
        Assert.True(TestGrids.Dice(Masks(mask, brain), prediction.Mask) >= 0.9);
        var grid = prediction.Grid!.Geometry;
        var probability = prediction.Probability!;
        for (int k = 0; k < grid.Size.Z; k++)
        {
            for (int i = 0; i < grid.Size.X; i++)
            {
                if (Geometry.PatientToIndex(grid.IndexToPatient(i, 0, k)).X > 49.5)
                {
                    for (int j = 0; j < grid.Size.Y; j++)
                    {
                        Assert.Equal(0f, probability[i, j, k]);
                    }
                }
            }
        }
    }

    [Fact]
    public async Task An_empty_baseline_mask_predicts_an_empty_mask_without_running_the_model()
    {
        var (ct, _) = Study();
        var model = new NoChange();
        var prediction = await new FollowupPredictor(ModelSettings.Default, model).PredictAsync(ct, Volume.Zeros<byte>(Geometry), TestGrids.Box(Geometry, VoxelBox.Whole(Geometry.Size)), TestContext.Current.CancellationToken);
        Assert.Equal(0, model.Calls);
        Assert.Equal(0, prediction.VolumeMl);
        Assert.All(prediction.Mask.Voxels, v => Assert.Equal(0, v));
        Assert.Null(prediction.Probability);
        Assert.Null(prediction.Grid);
    }

    [Fact]
    public async Task The_dilation_model_grows_the_hematoma_inside_the_brain()
    {
        var ct = TestContext.Current.CancellationToken;
        var (scan, mask) = Study();
        var brain = TestGrids.Box(Geometry, VoxelBox.Whole(Geometry.Size));
        using var model = await ModelLoader.LoadAsync(TestModels.Dilate, cancellationToken: ct);

        var prediction = await FollowupPredictor.For(model).PredictAsync(scan, mask, brain, ct);

        // Dilating the mask fraction by one 1.5 mm voxel keeps the whole ball and adds a shell.
        Assert.Equal(MaskVolume.VoxelCount(mask), MaskVolume.IntersectionCount(mask, prediction.Mask));
        Assert.InRange(prediction.VolumeMl, MaskVolume.Ml(mask) * 1.2, MaskVolume.Ml(mask) * 2);
    }

    [Fact]
    public async Task Cancellation_is_honoured_and_a_predictor_for_another_patch_is_refused()
    {
        var (ct, mask) = Study();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var predictor = new FollowupPredictor(ModelSettings.Default, new NoChange());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => predictor.PredictAsync(ct, mask, TestGrids.Box(Geometry, VoxelBox.Whole(Geometry.Size)), cancel.Token));
        Assert.Throws<ArgumentException>(() => new FollowupPredictor(ModelSettings.Default, new PointwisePredictor(new GridSize(16, 16, 16))));
    }

    private static Volume<byte> Masks(Volume<byte> a, Volume<byte> b) =>
        a.SameGrid(a.Voxels.Zip(b.Voxels, (x, y) => (byte)(x != 0 && y != 0 ? 1 : 0)).ToArray());
}
