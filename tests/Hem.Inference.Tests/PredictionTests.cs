using System.Net;
using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Imaging.Metrics;
using Hem.Prediction;
using Hem.Prediction.Onnx;
using Hem.Prediction.Transport;

namespace Hem.Inference.Tests;

/// <summary>The shipped model served over real HTTP on loopback, against the same model run in this process.</summary>
public sealed class PredictionTests : IAsyncLifetime
{
    private InferenceServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await InferenceServer.StartAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_prediction_over_http_equals_the_in_process_prediction()
    {
        var ct = TestContext.Current.CancellationToken;
        var input = StudyInputs.Make(new GridSize(40, 37, 34));
        using var model = await ModelLoader.LoadAsync(InferenceServer.ShippedModel, new OnnxPredictorOptions { IntraOpThreads = 2 }, ct);
        var local = new ModelGridPredictor(model.Settings, model.Predictor);
        var expectedProbability = await local.ProbabilityAsync(input, ct);
        var expectedMask = local.Threshold(expectedProbability);

        using var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(input)), "?probability=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VolumeBundle.MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(model.Card.Version, response.Headers.GetValues(PredictionEndpoint.ModelVersionHeader).Single());
        Assert.Equal(local.Windows(input.Ct.Size).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues(PredictionEndpoint.WindowsHeader).Single());
        var bundle = await VolumeBundleFormat.ReadAsync(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentLength, BundleLimits.Default, ct);
        var (mask, probability) = PredictionBundles.ReadResponse(bundle);
        Assert.True(MaskGrids.AreSame(input.Ct.Geometry, bundle.Geometry));
        Assert.Equal(input.Ct.Geometry.Origin, bundle.Geometry.Origin);
        Assert.NotNull(probability);
        float worst = 0;
        for (int i = 0; i < probability.Voxels.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(probability.Voxels[i] - expectedProbability.Voxels[i]));
        }

        Assert.True(worst <= 1e-6f, $"largest probability difference {worst}");
        Assert.Equal(expectedMask.Voxels, mask.Voxels);
        // Not a trivial answer: the hematoma is predicted, and nothing outside the brain.
        int predicted = mask.Voxels.Count(v => v == 1);
        int baseline = input.Mask.Voxels.Count(v => v >= 0.5f);
        Assert.InRange(predicted, baseline * 0.8, baseline * 2.0);
        for (int i = 0; i < mask.Voxels.Length; i++)
        {
            if (input.Brain.Voxels[i] == 0)
            {
                Assert.Equal(0f, probability.Voxels[i]);
            }
        }
    }

    [Fact]
    public async Task Without_the_probability_flag_the_response_holds_the_mask_only()
    {
        var input = StudyInputs.Make(new GridSize(32, 32, 32));

        using var response = await _server.PostAsync(InferenceServer.BundleContent(await StudyInputs.RequestBytesAsync(input)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ct = TestContext.Current.CancellationToken;
        var bundle = await VolumeBundleFormat.ReadAsync(await response.Content.ReadAsStreamAsync(ct), response.Content.Headers.ContentLength, BundleLimits.Default, ct);
        Assert.Equal([PredictionBundles.FollowupMask], bundle.Blocks.Select(b => b.Name));
        Assert.Equal(BundleDataType.UInt8, bundle.Blocks[0].DataType);
    }

    [Fact]
    public async Task The_model_endpoint_returns_the_card_file()
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/model", UriKind.Relative));
        request.Headers.Add("X-Api-Key", InferenceServer.Key);
        using var response = await _server.Http.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        string served = await response.Content.ReadAsStringAsync(ct);
        string file = await File.ReadAllTextAsync(Path.Combine(InferenceServer.ShippedModel, "model.json"), ct);
        Assert.Equal(file, served);
    }

    [Fact]
    public async Task Health_endpoints_are_open_and_readiness_names_the_model_and_provider()
    {
        var ct = TestContext.Current.CancellationToken;
        using var alive = await _server.Http.GetAsync(new Uri("/healthz", UriKind.Relative), ct);
        using var ready = await _server.Http.GetAsync(new Uri("/readyz", UriKind.Relative), ct);

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(ct));
        Assert.Equal("ready", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("hem-expansion", body.RootElement.GetProperty("model").GetString());
        // The server was told to use the CPU, so it does not try CUDA and has no reason to give.
        Assert.Equal("CPU", body.RootElement.GetProperty("executionProvider").GetString());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("cudaUnavailableReason").ValueKind);
    }
}
