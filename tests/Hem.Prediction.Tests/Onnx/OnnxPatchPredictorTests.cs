using Hem.Dicom.Series;
using Hem.Prediction.Onnx;

namespace Hem.Prediction.Tests.Onnx;

/// <summary>ONNX Runtime on the test models: tensor layout, batches, concurrency, cancellation.</summary>
public sealed class OnnxPatchPredictorTests
{
    private const int P = 32;
    private const int PatchVoxels = P * P * P;

    private static int Index(int x, int y, int z) => x + (P * (y + (P * z)));

    [Fact]
    public async Task The_last_tensor_dimension_is_x_the_fastest_voxel_axis()
    {
        // shift-x moves channel 1 one voxel along the ONNX tensor's last dimension; in a Volume that must be +x.
        var ct = TestContext.Current.CancellationToken;
        using var model = await ModelLoader.LoadAsync(TestModels.ShiftX, cancellationToken: ct);
        var input = new float[2 * 2 * PatchVoxels];
        input[PatchVoxels + Index(5, 7, 9)] = 1f;
        input[(3 * PatchVoxels) + Index(31, 0, 3)] = 1f;
        input[(3 * PatchVoxels) + Index(0, 2, 3)] = 0.5f;
        input[Index(6, 7, 9)] = 9f; // channel 0 is ignored by the model
        var output = new float[2 * PatchVoxels];

        await model.Predictor.PredictAsync(input, output, 2, ct);

        Assert.Equal([(Index(6, 7, 9), 1f)], NonZero(output.AsSpan(0, PatchVoxels)));
        Assert.Equal([(Index(1, 2, 3), 0.5f)], NonZero(output.AsSpan(PatchVoxels, PatchVoxels)));
    }

    [Fact]
    public async Task A_batch_of_dilations_equals_the_max_filter_of_each_patch()
    {
        var ct = TestContext.Current.CancellationToken;
        using var model = await ModelLoader.LoadAsync(TestModels.Dilate, cancellationToken: ct);
        var input = RandomPatches(3, seed: 11);
        var output = new float[3 * PatchVoxels];

        await model.Predictor.PredictAsync(input, output, 3, ct);

        for (int b = 0; b < 3; b++)
        {
            var expected = MaxFilter.Of(input.AsSpan((((2 * b) + 1) * PatchVoxels), PatchVoxels), new GridSize(P, P, P));
            Assert.Equal(expected, output.AsSpan(b * PatchVoxels, PatchVoxels).ToArray());
        }
    }

    [Fact]
    public async Task Concurrent_runs_of_one_session_give_the_same_results_as_one_at_a_time()
    {
        var ct = TestContext.Current.CancellationToken;
        using var model = await ModelLoader.LoadAsync(TestModels.Dilate, new OnnxPredictorOptions { IntraOpThreads = 1 }, ct);
        var inputs = Enumerable.Range(0, 6).Select(seed => RandomPatches(2, seed)).ToArray();
        var sequential = new float[inputs.Length][];
        for (int i = 0; i < inputs.Length; i++)
        {
            sequential[i] = new float[2 * PatchVoxels];
            await model.Predictor.PredictAsync(inputs[i], sequential[i], 2, ct);
        }

        var concurrent = new float[inputs.Length][];
        await Parallel.ForAsync(0, inputs.Length, new ParallelOptions { MaxDegreeOfParallelism = 3, CancellationToken = ct }, async (i, token) =>
        {
            concurrent[i] = new float[2 * PatchVoxels];
            await model.Predictor.PredictAsync(inputs[i], concurrent[i], 2, token);
        });

        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public async Task A_cancelled_call_does_not_run_and_wrong_buffer_sizes_are_refused()
    {
        using var model = await ModelLoader.LoadAsync(TestModels.Dilate, cancellationToken: TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => model.Predictor.PredictAsync(new float[2 * PatchVoxels], new float[PatchVoxels], 1, cancel.Token));
        await Assert.ThrowsAsync<ArgumentException>(() => model.Predictor.PredictAsync(new float[2 * PatchVoxels], new float[PatchVoxels], 2, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => model.Predictor.PredictAsync(new float[PatchVoxels], new float[PatchVoxels], 1, CancellationToken.None));
    }

    private static float[] RandomPatches(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count * 2 * PatchVoxels];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() < 0.03 ? (float)random.NextDouble() : 0f;
        }

        return values;
    }

    private static List<(int Index, float Value)> NonZero(ReadOnlySpan<float> values)
    {
        var found = new List<(int, float)>();
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] != 0)
            {
                found.Add((i, values[i]));
            }
        }

        return found;
    }
}
