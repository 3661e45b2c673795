using Hem.Testing;
using Microsoft.DurableTask.Client;

namespace Hem.LocalHost.Tests.Durable;

/// <summary>
/// A host stopped in the middle of an orchestration, and a new one started on the same Azurite and task hub: the
/// orchestration's state is in storage, so the new host finishes it.
/// </summary>
public sealed class RestartTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_orchestration_interrupted_by_a_host_stop_completes_once_on_the_next_host()
    {
        string hub = LocalDurableHost.NewTaskHub();
        var probe = new TaskProbe(holdFirst: true);
        string id;
        var first = await LocalDurableHost.StartAsync(azurite, hub, probe, Token);
        try
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsWithTimer), "study", Token);
            await probe.FirstStarted.WaitAsync(TimeSpan.FromSeconds(30), Token);
        }
        finally
        {
            // The first activity is still running (held) when the worker and the sidecar go away.
            await first.DisposeAsync();
        }

        Assert.Equal(1, probe.FirstRuns);
        Assert.Equal(0, probe.SecondRuns);

        await using var second = await LocalDurableHost.StartAsync(azurite, hub, probe, Token);
        var pending = await second.Client.GetInstanceAsync(id, getInputsAndOutputs: false, Token);
        Assert.NotNull(pending);
        Assert.Contains(pending.RuntimeStatus, new[] { OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running });

        probe.ReleaseFirst();
        var done = await LocalDurableHost.WaitAsync(second.Client, id, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("study-first-second", done.ReadOutputAs<string>());
        // At-least-once: the interrupted activity's result was never recorded, so the new host ran it again...
        Assert.Equal(2, probe.FirstRuns);
        // ...and everything after it ran exactly once: the orchestration went on from its stored history.
        Assert.Equal(1, probe.SecondRuns);
    }

    /// <summary>
    /// An activity running longer than its queue message's visibility timeout runs once, and nothing runs again a lease
    /// after it completed. (With the renewal removed this test still passed: within one process the storage service
    /// does not dispatch the message again while it is running. The renewal is kept for the lock contract DurableTask.Core's
    /// own dispatcher follows; this test does not show it is needed.)
    /// </summary>
    [Fact]
    public async Task An_activity_longer_than_its_lease_runs_once()
    {
        var lease = TimeSpan.FromSeconds(3);
        var probe = new TaskProbe(holdFirst: true);
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token, lease);
        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), "study", Token);
        await probe.FirstStarted.WaitAsync(TimeSpan.FromSeconds(30), Token);

        await Task.Delay(lease * 2.5, Token);
        probe.ReleaseFirst();
        var done = await LocalDurableHost.WaitAsync(host.Client, id, Token);
        await Task.Delay(lease * 2, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1, probe.FirstRuns);
        Assert.Equal(1, probe.SecondRuns);
    }
}
