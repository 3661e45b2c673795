using System.Text.Json.Nodes;
using Hem.Dicom.Series;
using Hem.Prediction.Cards;
using Hem.Prediction.Onnx;

namespace Hem.Prediction.Tests.Cards;

/// <summary>
/// Loading a model folder: the good test model loads with the contract's settings; every card that breaks the
/// contract or disagrees with its graph, and every unusable file, is refused with a message naming the field.
/// </summary>
public sealed class ModelLoaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-model-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Task<PredictionModel> LoadAsync(string folder) => ModelLoader.LoadAsync(folder, cancellationToken: TestContext.Current.CancellationToken);

    private static async Task<string> RefusalAsync(string folder)
    {
        var ex = await Assert.ThrowsAsync<ModelFolderException>(() => LoadAsync(folder));
        return ex.Message;
    }

    [Fact]
    public async Task The_test_model_loads_with_the_settings_of_its_card()
    {
        using var model = await LoadAsync(TestModels.Dilate);
        Assert.Equal("test-dilate", model.Card.Name);
        Assert.Equal(ModelSettings.Default, model.Settings);
        Assert.Equal(new GridSize(32, 32, 32), model.Predictor.PatchSize);
        Assert.Equal(2, model.Predictor.InputChannels);
        Assert.Equal(["ct-brain-window", "baseline-mask"], model.Card.Inputs[0].Channels);
        Assert.NotNull(model.Card.Training);
    }

    [Theory]
    [InlineData("wrong-input-name.onnx", "inputs[0].name is 'input', but model.onnx has no input of that name (its inputs: 'x')")]
    [InlineData("three-channels.onnx", "inputs[0].shape has 2 channel(s), but model.onnx's input 'input' has 3")]
    [InlineData("patch-24.onnx", "patchSize [32, 32, 32] (z, y, x) disagrees with model.onnx's input 'input', whose spatial dimensions are [24, 24, 24]")]
    [InlineData("fixed-batch.onnx", "model.onnx's input 'input' has a fixed batch size of 1")]
    public async Task A_graph_that_is_not_the_one_the_card_describes_is_refused(string variant, string message)
    {
        string folder = TestModels.MakeFolder(_root, TestModels.Variant(variant));
        Assert.Contains(message, await RefusalAsync(folder), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inputs[0].dtype", """{"inputs":[{"name":"input","dtype":"float16","shape":[-1,2,32,32,32],"channels":["ct-brain-window","baseline-mask"]}]}""")]
    [InlineData("inputs[0].shape", """{"inputs":[{"name":"input","dtype":"float32","shape":[-1,2,32,32],"channels":["ct-brain-window","baseline-mask"]}]}""")]
    [InlineData("inputs[0].shape", """{"inputs":[{"name":"input","dtype":"float32","shape":[1,2,32,32,32],"channels":["ct-brain-window","baseline-mask"]}]}""")]
    [InlineData("inputs[0].channels", """{"inputs":[{"name":"input","dtype":"float32","shape":[-1,2,32,32,32],"channels":["baseline-mask","ct-brain-window"]}]}""")]
    [InlineData("inputs must list exactly one tensor", """{"inputs":[]}""")]
    [InlineData("outputs[0].name is 'mask', but model.onnx has no output of that name (its outputs: 'followup_mask')", """{"outputs":[{"name":"mask","dtype":"float32","shape":[-1,1,32,32,32]}]}""")]
    [InlineData("outputs[0].shape", """{"outputs":[{"name":"followup_mask","dtype":"float32","shape":[-1,2,32,32,32]}]}""")]
    [InlineData("patchSize", """{"patchSize":[24,24,24]}""")]
    [InlineData("spacingMm", """{"spacingMm":[1.5,1.5,3]}""")]
    [InlineData("axisOrder", """{"axisOrder":"xyz"}""")]
    [InlineData("intensityNormalisation", """{"intensityNormalisation":"z-score"}""")]
    [InlineData("roiMarginMm", """{"roiMarginMm":-1}""")]
    [InlineData("slidingWindow.weighting", """{"slidingWindow":{"overlap":0.6,"weighting":"constant","sigmaFraction":0.125}}""")]
    [InlineData("slidingWindow.overlap", """{"slidingWindow":{"overlap":1,"weighting":"gaussian","sigmaFraction":0.125}}""")]
    [InlineData("threshold", """{"threshold":0}""")]
    [InlineData("outsideBrain", """{"outsideBrain":"keep"}""")]
    [InlineData("onnxFile", """{"onnxFile":"../model.onnx"}""")]
    public async Task A_card_field_that_breaks_the_contract_is_named(string field, string replacement)
    {
        var changes = (JsonObject)JsonNode.Parse(replacement)!;
        string folder = TestModels.MakeFolder(_root, Path.Combine(TestModels.Dilate, "model.onnx"), card =>
        {
            foreach (var (key, value) in changes)
            {
                card[key] = value?.DeepClone();
            }
        });
        string message = await RefusalAsync(folder);
        Assert.StartsWith("model.json", message, StringComparison.Ordinal);
        Assert.Contains(field, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("threshold")]
    [InlineData("inputs")]
    [InlineData("spacingMm")]
    public async Task A_missing_required_field_is_named(string field)
    {
        string folder = TestModels.MakeFolder(_root, Path.Combine(TestModels.Dilate, "model.onnx"), card => card.Remove(field));
        string message = await RefusalAsync(folder);
        Assert.Contains("model.json is not a valid model card", message, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_onnx_file_with_other_bytes_than_the_card_says_is_refused()
    {
        string folder = TestModels.MakeFolder(_root, TestModels.Variant("patch-24.onnx"), card => card["onnxSha256"] = TestModels.DilateCard()["onnxSha256"]!.DeepClone());
        Assert.Contains("model.onnx's SHA-256 is", await RefusalAsync(folder), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_onnx_file_is_refused_and_without_a_hash_it_reaches_ONNX_Runtime()
    {
        string corrupt = Path.Combine(_root, "corrupt.onnx");
        await File.WriteAllBytesAsync(corrupt, [.. Enumerable.Range(0, 700).Select(i => (byte)(i * 37))], TestContext.Current.CancellationToken);
        string folder = TestModels.MakeFolder(_root, corrupt, card => card.Remove("onnxSha256"));
        Assert.Contains("model.onnx cannot be loaded by ONNX Runtime", await RefusalAsync(folder), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_and_folders_and_broken_json_are_named()
    {
        Assert.Equal("the model folder does not exist", await RefusalAsync(Path.Combine(_root, "none")));
        string empty = Directory.CreateDirectory(Path.Combine(_root, "empty")).FullName;
        Assert.Equal("the model folder has no model.json", await RefusalAsync(empty));
        string folder = TestModels.MakeFolder(_root, Path.Combine(TestModels.Dilate, "model.onnx"));
        File.Delete(Path.Combine(folder, "model.onnx"));
        Assert.Equal("the model folder has no model.onnx (the card's onnxFile)", await RefusalAsync(folder));
        await File.WriteAllTextAsync(Path.Combine(folder, "model.json"), "{ not json", TestContext.Current.CancellationToken);
        Assert.StartsWith("model.json is not a valid model card", await RefusalAsync(folder), StringComparison.Ordinal);
    }
}
