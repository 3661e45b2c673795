using System.Net;
using Hem.Dicom.Series;
using Hem.Inference.Tests;
using Hem.Pipeline.Inference;
using Hem.Testing;

namespace Hem.Pipeline.Tests.Inference;

/// <summary>What the client reports as worth retrying, from a real service and a real closed port.</summary>
public sealed class InferenceClientTransientTests
{
    [Fact]
    public async Task An_overloaded_service_is_transient_with_its_retry_after()
    {
        await using var server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["MaxConcurrentPredictions"] = "1", ["QueueLimit"] = "0", ["RetryAfterSeconds"] = "7" });
        var input = StudyInputs.Make(new GridSize(32, 32, 32));
        // The one slot is held by a request whose body waits for the test: no timing involved.
        var stalled = new StalledContent(await StudyInputs.RequestBytesAsync(input));
        var holding = server.PostAsync(stalled);
        await server.WaitForInFlightAsync(1);

        var ex = await Assert.ThrowsAsync<TransientInferenceException>(() => ShippedModelService.ClientFor(server.Http.BaseAddress!).PredictAsync(input, true, TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("urn:hem:inference:overloaded", ex.ProblemType);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        stalled.Release();
        using var held = await holding;
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
    }

    [Fact]
    public async Task Nothing_listening_on_the_port_is_transient()
    {
        int closed = FreePorts.Take(1)[0];
        var client = ShippedModelService.ClientFor(new Uri($"http://127.0.0.1:{closed}/"));

        var ex = await Assert.ThrowsAsync<TransientInferenceException>(() => client.PredictAsync(StudyInputs.Make(new GridSize(32, 32, 32)), false, TestContext.Current.CancellationToken));

        Assert.Null(ex.StatusCode);
        Assert.Null(ex.RetryAfter);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }
}
