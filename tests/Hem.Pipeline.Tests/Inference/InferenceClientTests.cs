using System.Net;
using Hem.Dicom.Series;
using Hem.Inference;
using Hem.Inference.Tests;
using Hem.Pipeline.Configuration;
using Hem.Pipeline.Inference;
using Hem.Prediction;
using Hem.Prediction.Onnx;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Tests.Inference;

/// <summary>The client against the real service over real HTTP on loopback, and against the same model run in this process.</summary>
public sealed class InferenceClientTests(ShippedModelService service) : IClassFixture<ShippedModelService>
{
    [Fact]
    public async Task The_clients_prediction_equals_the_in_process_prediction()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = StudyInputs.Make(new GridSize(40, 37, 34));
        using var model = await ModelLoader.LoadAsync(InferenceServer.ShippedModel, new OnnxPredictorOptions { IntraOpThreads = 2 }, ct);
        var local = new ModelGridPredictor(model.Settings, model.Predictor);
        var expected = await local.ProbabilityAsync(input, ct);

        var prediction = await service.Client().PredictAsync(input, probability: true, ct);

        Assert.Equal(model.Card.Version, prediction.ModelVersion);
        Assert.Equal(local.Windows(input.Ct.Size), prediction.Windows);
        Assert.Equal(input.Ct.Geometry, prediction.Mask.Geometry);
        Assert.NotNull(prediction.Probability);
        Assert.Equal(input.Ct.Geometry, prediction.Probability.Geometry);
        float worst = expected.Voxels.Zip(prediction.Probability.Voxels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-6f, $"largest probability difference {worst}");
        Assert.Equal(local.Threshold(expected).Voxels, prediction.Mask.Voxels);
        // Not a trivial answer: the hematoma is predicted.
        Assert.Contains((byte)1, prediction.Mask.Voxels);
    }

    [Fact]
    public async Task Without_the_probability_the_prediction_holds_the_mask_only()
    {
        var prediction = await service.Client().PredictAsync(StudyInputs.Make(new GridSize(32, 32, 32)), probability: false, TestContext.Current.CancellationToken);

        Assert.Null(prediction.Probability);
        Assert.Equal(1, prediction.Windows);
        Assert.Equal(32 * 32 * 32, prediction.Mask.Voxels.Length);
    }

    [Fact]
    public async Task A_wrong_api_key_is_permanent_with_401_and_unauthenticated()
    {
        var client = service.Client("not-the-service-key-0123456789");

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => client.PredictAsync(StudyInputs.Make(new GridSize(32, 32, 32)), false, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("urn:hem:inference:unauthenticated", ex.ProblemType);
        Assert.Contains("X-Api-Key", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grid_at_the_wrong_spacing_is_permanent_with_wrong_geometry()
    {
        var input = StudyInputs.Make(new GridSize(32, 32, 32), spacingMm: 2.0);

        var ex = await Assert.ThrowsAsync<PermanentInferenceException>(() => service.Client().PredictAsync(input, true, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, ex.StatusCode);
        Assert.Equal("urn:hem:inference:wrong-geometry", ex.ProblemType);
        Assert.Contains("1.5 mm isotropic", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_card_is_the_card_files_text()
    {
        var ct = TestContext.Current.CancellationToken;

        string card = await service.Client().GetModelCardAsync(ct);

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(InferenceServer.ShippedModel, "model.json"), ct), card);
    }

    [Fact]
    public async Task The_client_registered_from_configuration_sends_the_configured_key()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.InferenceBaseUrl] = service.BaseUrl.AbsoluteUri.TrimEnd('/'),
            [SettingNames.InferenceApiKey] = InferenceServer.Key,
        }).Build();
        using var provider = new ServiceCollection().AddInferenceClient(configuration).BuildServiceProvider();

        string card = await provider.GetRequiredService<InferenceClient>().GetModelCardAsync(TestContext.Current.CancellationToken);

        Assert.Contains("hem-expansion", card, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clients_header_names_are_the_services()
    {
        Assert.Equal(PredictionEndpoint.ModelVersionHeader, InferenceClient.ModelVersionHeader);
        Assert.Equal(PredictionEndpoint.WindowsHeader, InferenceClient.WindowsHeader);
        Assert.Equal(InferenceOptions.ApiKeyHeader, InferenceClient.ApiKeyHeader);
    }
}
