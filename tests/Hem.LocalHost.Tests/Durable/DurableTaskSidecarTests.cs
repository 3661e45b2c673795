using Hem.Testing;
using Microsoft.DurableTask.Client;

namespace Hem.LocalHost.Tests.Durable;

/// <summary>The sidecar on real Azurite with the real Durable Task worker over gRPC.</summary>
public sealed class DurableTaskSidecarTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Listens_on_loopback_only()
    {
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), new TaskProbe(), Token);

        Assert.Equal("127.0.0.1", host.Sidecar.Address.Host);
        Assert.NotEqual(0, host.Sidecar.Address.Port);
    }

    [Fact]
    public async Task Two_activities_and_a_durable_timer_complete()
    {
        var probe = new TaskProbe();
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(StepsWithTimer), "study", Token);
        var done = await LocalDurableHost.WaitAsync(host.Client, id, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("study-first-second", done.ReadOutputAs<string>());
        Assert.Equal(1, probe.FirstRuns);
        Assert.Equal(1, probe.SecondRuns);
    }

    /// <summary>
    /// Sub-orchestrations run and their parent resumes (the Backfill runs StudyPipeline this way). Without
    /// SidecarEvents the children's start messages carried protobuf tags Azure Storage cannot read back, and the parent's
    /// history a creation event it cannot read back: neither the children nor the parent went on.
    /// </summary>
    [Fact]
    public async Task Sub_orchestrations_run_and_their_parent_resumes_with_their_outputs()
    {
        var probe = new TaskProbe();
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoChildren), "s", Token);
        var done = await LocalDurableHost.WaitAsync(host.Client, id, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("sa-first-second+sb-first-second", done.ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(id + "-a", Token))!.RuntimeStatus);
        Assert.Equal(2, probe.SecondRuns);
    }

    /// <summary>
    /// A timer's queue message is hidden for whole seconds only (the storage SDK truncates): without the sidecar's
    /// rounding a 1 s timer after an activity fired after about 20 ms, a 2 s one after about 1.1 s.
    /// </summary>
    [Theory]
    [InlineData(1000)]
    [InlineData(1500)]
    [InlineData(2000)]
    public async Task A_durable_timer_never_fires_before_its_time(int milliseconds)
    {
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), new TaskProbe(), Token);

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(HeldTimer), milliseconds, Token);
        var done = await LocalDurableHost.WaitAsync(host.Client, id, Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.ReadOutputAs<double>() >= milliseconds, $"a {milliseconds} ms timer held {done.ReadOutputAs<double>()} ms");
    }
}
