using System.Diagnostics;
using Hem.LocalHost.Durable;
using Hem.Testing;
using Microsoft.DurableTask.Client;

namespace Hem.LocalHost.Tests.Durable;

/// <summary>
/// Schedule-to-completion time of a two-activity orchestration with the default polling settings, written to the test
/// output (no timing is asserted: machines differ). Each run follows an idle pause long enough for the queue pollers to
/// back off to <see cref="DurableTaskSidecarOptions.MaxQueuePollingInterval"/>, as for a study arriving at a quiet host.
/// </summary>
public sealed class LatencyTests(AzuriteFixture azurite)
{
    private const int Runs = 10;
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_activity_orchestrations_complete_one_after_another_and_their_latency_is_reported()
    {
        var probe = new TaskProbe();
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token);
        // Warm-up: the first run also waits for the new host to take its partition.
        var warmUp = Stopwatch.StartNew();
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), "warm-up", Token).ContinueWith(t => LocalDurableHost.WaitAsync(host.Client, t.Result, Token), Token).Unwrap();
        warmUp.Stop();

        var observed = new List<double>();
        var recorded = new List<double>();
        for (int i = 0; i < Runs; i++)
        {
            await Task.Delay(Idle, Token);
            var clock = Stopwatch.StartNew();
            string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), "run" + i, Token);
            var done = await LocalDurableHost.WaitAsync(host.Client, id, Token);
            observed.Add(clock.Elapsed.TotalMilliseconds);
            recorded.Add((done.LastUpdatedAt - done.CreatedAt).TotalMilliseconds);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal($"run{i}-first-second", done.ReadOutputAs<string>());
        }

        Assert.Equal(Runs + 1, probe.SecondRuns);
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"two-activity orchestration, {Runs} runs after {Idle.TotalSeconds} s idle each: client-observed median {Median(observed):F0} ms " +
            $"(min {observed.Min():F0}, max {observed.Max():F0}); created-to-completed in storage median {Median(recorded):F0} ms " +
            $"(min {recorded.Min():F0}, max {recorded.Max():F0}); warm-up run {warmUp.Elapsed.TotalMilliseconds:F0} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
