using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hem.Dicom.Series;
using Hem.Prediction.Cards;
using Hem.Prediction.Onnx;
using Hem.Prediction.Tests;

namespace Hem.Inference.Tests;

/// <summary>What the service refuses to start with, and what keeps it from saying it is ready.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hem-inference-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_model_whose_card_disagrees_with_its_graph_stops_the_start()
    {
        string folder = TestModels.MakeFolder(_root, TestModels.Variant("wrong-input-name.onnx"));
        await using var app = InferenceServer.Build(new Dictionary<string, string> { ["ModelPath"] = folder });

        var ex = await Assert.ThrowsAsync<ModelFolderException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("inputs[0].name is 'input', but model.onnx has no input of that name", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_model_folder_stops_the_start_and_names_the_setting()
    {
        await using var app = InferenceServer.Build(new Dictionary<string, string> { ["ModelPath"] = Path.Combine(_root, "nothing-here") });

        var ex = await Assert.ThrowsAsync<ModelFolderException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Inference:ModelPath", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_key_authentication_without_a_key_stops_the_start()
    {
        await using var app = InferenceServer.Build(new Dictionary<string, string> { ["ApiKey"] = string.Empty });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Inference:ApiKey must be set", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_runtime_that_does_not_reproduce_the_reference_pair_never_becomes_ready()
    {
        string folder = Path.Combine(_root, "model");
        CopyFolder(InferenceServer.ShippedModel, folder);
        string output = Path.Combine(folder, "reference", "output.f32");
        byte[] bytes = await File.ReadAllBytesAsync(output, TestContext.Current.CancellationToken);
        var values = MemoryMarshal.Cast<byte, float>(bytes.AsSpan());
        values[100] += 0.25f;
        await File.WriteAllBytesAsync(output, bytes, TestContext.Current.CancellationToken);
        await using var server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["ModelPath"] = folder }, waitReady: false);

        await BadInputTests.AssertProblemAsync(await server.WaitAsync(ready: false), HttpStatusCode.ServiceUnavailable, "not-ready", "reference output differs from training's by 0.25");
        byte[] request = await StudyInputs.RequestBytesAsync(StudyInputs.Make(new GridSize(32, 32, 32)));
        await BadInputTests.AssertProblemAsync(await server.PostAsync(InferenceServer.BundleContent(request)), HttpStatusCode.ServiceUnavailable, "not-ready", "reference output differs");
    }

    [Fact]
    public async Task Without_cuda_auto_runs_on_the_cpu_and_says_why_and_cuda_required_stops_the_start()
    {
        await using (var server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["ExecutionProvider"] = "Auto" }))
        {
            using var ready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            if (body.RootElement.GetProperty("executionProvider").GetString() == "CUDA")
            {
                Assert.Skip("this machine has a working CUDA; the fallback cannot be seen here");
            }

            Assert.Equal("CPU", body.RootElement.GetProperty("executionProvider").GetString());
            Assert.Contains("Cuda", body.RootElement.GetProperty("cudaUnavailableReason").GetString(), StringComparison.OrdinalIgnoreCase);
        }

        await using var app = InferenceServer.Build(new Dictionary<string, string> { ["ExecutionProvider"] = "Cuda" });
        var ex = await Assert.ThrowsAsync<CudaUnavailableException>(() => app.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains("the CUDA execution provider cannot run the model", ex.Message, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
