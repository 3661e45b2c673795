using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Hem.Dicom.Series;
using Hem.Prediction.Cards;
using Hem.Prediction.Onnx;
using Hem.Testing;

namespace Hem.Prediction.Tests.Onnx;

/// <summary>The reference pair of a model folder: the shipped model's when it is there, and a pair made here for the dilation.</summary>
public sealed class ModelReferenceTests : IDisposable
{
    private const int PatchVoxels = 32 * 32 * 32;

    private readonly string _root = Directory.CreateTempSubdirectory("hem-reference-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_shipped_model_reproduces_its_PyTorch_reference_output()
    {
        string folder = Path.Combine(RepositoryPaths.Root, "models", "hem-expansion");
        Assert.True(File.Exists(Path.Combine(folder, ModelReference.Folder, ModelReference.FileName)), "the shipped model's reference pair (models/hem-expansion/reference) is missing");
        var ct = TestContext.Current.CancellationToken;
        using var model = await ModelLoader.LoadAsync(folder, cancellationToken: ct);

        var outcome = await ModelReference.CheckAsync(model, ct);

        Assert.NotNull(outcome);
        Assert.True(outcome.MaxAbsoluteDifference <= 1e-4, $"largest difference {outcome.MaxAbsoluteDifference}");
        Assert.True(outcome.Passed, $"largest difference {outcome.MaxAbsoluteDifference} above the tolerance {outcome.Tolerance}");
    }

    [Fact]
    public async Task A_reference_made_independently_passes_and_a_changed_output_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        var (folder, expected) = await MakeReferenceAsync(count: 2);
        using var model = await ModelLoader.LoadAsync(folder, cancellationToken: ct);

        var outcome = await ModelReference.CheckAsync(model, ct);
        Assert.Equal(0, outcome!.MaxAbsoluteDifference);
        Assert.True(outcome.Passed);

        expected[PatchVoxels + 77] += 0.01f;
        await WriteFloatsAsync(Path.Combine(folder, "reference", "output.f32"), expected);
        outcome = await ModelReference.CheckAsync(model, ct);
        Assert.Equal(0.01, outcome!.MaxAbsoluteDifference, 1e-6);
        Assert.False(outcome.Passed);
    }

    [Fact]
    public async Task No_reference_is_null_and_a_reference_that_does_not_fit_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var plain = await ModelLoader.LoadAsync(TestModels.Dilate, cancellationToken: ct))
        {
            Assert.Null(await ModelReference.CheckAsync(plain, ct));
        }

        var (folder, _) = await MakeReferenceAsync(count: 1);
        using var model = await ModelLoader.LoadAsync(folder, cancellationToken: ct);
        string json = Path.Combine(folder, "reference", "reference.json");
        var good = JsonNode.Parse(await File.ReadAllTextAsync(json, ct))!;

        good["input"]!["shape"] = new JsonArray(1, 3, 32, 32, 32);
        await File.WriteAllTextAsync(json, good.ToJsonString(), ct);
        Assert.Contains("do not fit the model", (await Assert.ThrowsAsync<ModelFolderException>(() => ModelReference.CheckAsync(model, ct))).Message, StringComparison.Ordinal);

        good["input"]!["shape"] = new JsonArray(1, 2, 32, 32, 32);
        good["output"]!["file"] = "../output.f32";
        await File.WriteAllTextAsync(json, good.ToJsonString(), ct);
        Assert.Contains("without folders", (await Assert.ThrowsAsync<ModelFolderException>(() => ModelReference.CheckAsync(model, ct))).Message, StringComparison.Ordinal);

        good["output"]!["file"] = "output.f32";
        await File.WriteAllTextAsync(json, good.ToJsonString(), ct);
        await File.WriteAllBytesAsync(Path.Combine(folder, "reference", "output.f32"), new byte[12], ct);
        Assert.Contains("reference/output.f32 holds 12 bytes", (await Assert.ThrowsAsync<ModelFolderException>(() => ModelReference.CheckAsync(model, ct))).Message, StringComparison.Ordinal);
    }

    /// <summary>A copy of the dilate folder with a reference: random sparse input, output from the brute-force max filter.</summary>
    private async Task<(string Folder, float[] Expected)> MakeReferenceAsync(int count)
    {
        string folder = TestModels.MakeFolder(_root, Path.Combine(TestModels.Dilate, "model.onnx"));
        string reference = Directory.CreateDirectory(Path.Combine(folder, "reference")).FullName;
        var random = new Random(5);
        var input = new float[count * 2 * PatchVoxels];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = random.NextDouble() < 0.05 ? (float)random.NextDouble() : 0f;
        }

        var expected = new float[count * PatchVoxels];
        for (int b = 0; b < count; b++)
        {
            MaxFilter.Of(input.AsSpan((((2 * b) + 1) * PatchVoxels), PatchVoxels), new GridSize(32, 32, 32)).CopyTo(expected, b * PatchVoxels);
        }

        await WriteFloatsAsync(Path.Combine(reference, "input.f32"), input);
        await WriteFloatsAsync(Path.Combine(reference, "output.f32"), expected);
        var json = new JsonObject
        {
            ["input"] = new JsonObject { ["file"] = "input.f32", ["shape"] = new JsonArray(count, 2, 32, 32, 32) },
            ["output"] = new JsonObject { ["file"] = "output.f32", ["shape"] = new JsonArray(count, 1, 32, 32, 32) },
            ["tolerance"] = 1e-4,
        };
        await File.WriteAllTextAsync(Path.Combine(reference, "reference.json"), json.ToJsonString(), TestContext.Current.CancellationToken);
        return (folder, expected);
    }

    private static Task WriteFloatsAsync(string path, float[] values) =>
        File.WriteAllBytesAsync(path, MemoryMarshal.AsBytes(values.AsSpan()).ToArray(), TestContext.Current.CancellationToken);
}
