using System.Net;
using System.Text.Json;
using Hem.Dicom.Series;

namespace Hem.Inference.Tests;

/// <summary>Bounded concurrency, the queue and the per-request time limit, over real HTTP.</summary>
public sealed class LoadTests
{
    [Fact]
    public async Task A_request_beyond_the_running_and_queued_limit_gets_503_with_retry_after()
    {
        await using var server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["MaxConcurrentPredictions"] = "1", ["QueueLimit"] = "0", ["RetryAfterSeconds"] = "7" });
        byte[] bytes = await StudyInputs.RequestBytesAsync(StudyInputs.Make(new GridSize(32, 32, 32)));
        var stalled = new StalledContent(bytes);
        var first = server.PostAsync(stalled);
        await server.WaitForInFlightAsync(1);

        using (var refused = await server.PostAsync(InferenceServer.BundleContent(bytes)))
        {
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            await BadInputTests.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "overloaded", "1 predictions are running and 0 waiting");
        }

        stalled.Release();
        using var done = await first;
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
    }

    [Fact]
    public async Task A_queued_request_waits_for_the_running_one_and_then_succeeds()
    {
        await using var server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["MaxConcurrentPredictions"] = "1", ["QueueLimit"] = "1" });
        byte[] bytes = await StudyInputs.RequestBytesAsync(StudyInputs.Make(new GridSize(32, 32, 32)));
        var stalled = new StalledContent(bytes);
        var first = server.PostAsync(stalled);
        await server.WaitForInFlightAsync(1);

        var queued = server.PostAsync(InferenceServer.BundleContent(bytes));
        stalled.Release();

        using var firstDone = await first;
        using var queuedDone = await queued;
        Assert.Equal(HttpStatusCode.OK, firstDone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedDone.StatusCode);
    }

    [Fact]
    public async Task A_prediction_over_its_time_limit_is_cancelled_with_503()
    {
        // The limit covers reading the request too. 0.3 s was shorter than sending the 14 MB body takes on a loaded
        // 2-core machine, and the server then answered while the client was still writing (a broken pipe, not the 503
        // under test). 2 s reads the body with room to spare; 486 windows are still many seconds of work on any CPU.
        await using var server = await InferenceServer.StartAsync(new Dictionary<string, string> { ["RequestTimeoutSeconds"] = "2" });
        byte[] bytes = await StudyInputs.RequestBytesAsync(StudyInputs.Make(new GridSize(128, 128, 96)));

        using var response = await server.PostAsync(InferenceServer.BundleContent(bytes));

        Assert.NotNull(response.Headers.RetryAfter);
        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "timeout", "within 2 s");
        using var ready = await server.Http.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(0, JsonDocument.Parse(await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("predictionsInFlight").GetInt32());
    }
}
