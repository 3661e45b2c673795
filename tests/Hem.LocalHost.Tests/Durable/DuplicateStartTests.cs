using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Hem.LocalHost.Tests.Durable;

/// <summary>
/// Starting the same submission twice, as intake does on a redelivered event: <see cref="StudyPipelineStarter"/> asks
/// the backend whether the instance exists and schedules only when it does not, so the backend must report an
/// instance from the moment it is scheduled, in every state.
/// </summary>
public sealed class DuplicateStartTests(AzuriteFixture azurite)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_submission_started_again_while_pending_running_or_completed_is_not_scheduled_again()
    {
        var probe = new TaskProbe(holdFirst: true);
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token);
        string name = "study-" + Guid.NewGuid().ToString("N") + ".zip";
        var input = new StudyPipelineInput($"http://127.0.0.1:10000/devstoreaccount1/incoming/{name}", "incoming", name, "\"0x8DD\"", SubmissionKind.Zip, name, null);

        Assert.True(await StudyPipelineStarter.StartOnceAsync(host.Client, input, Token));
        Assert.False(await StudyPipelineStarter.StartOnceAsync(host.Client, input, Token));

        // Running (the instance table may still say Pending: it is written after the step's messages are sent).
        await probe.FirstStarted.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.False(await StudyPipelineStarter.StartOnceAsync(host.Client, input, Token));

        probe.ReleaseFirst();
        var done = await LocalDurableHost.WaitAsync(host.Client, input.InstanceId, Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(name + "-first-second", done.ReadOutputAs<string>());
        Assert.False(await StudyPipelineStarter.StartOnceAsync(host.Client, input, Token));

        Assert.Equal(1, probe.FirstRuns);
        Assert.Equal(1, probe.SecondRuns);
    }

    [Fact]
    public async Task With_dedupe_statuses_a_second_schedule_is_refused_while_running_and_once_completed()
    {
        var probe = new TaskProbe(holdFirst: true);
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token);
        string id = "study-" + Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), "first", new StartOrchestrationOptions(id), Token);
        await probe.FirstStarted.WaitAsync(TimeSpan.FromSeconds(30), Token);

        await Assert.ThrowsAsync<DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(() => ScheduleOnceAsync(host.Client, id, "again"));
        probe.ReleaseFirst();
        var done = await LocalDurableHost.WaitAsync(host.Client, id, Token);
        await Assert.ThrowsAsync<DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException>(() => ScheduleOnceAsync(host.Client, id, "again"));

        Assert.Equal("first-first-second", done.ReadOutputAs<string>());
        Assert.Equal("first-first-second", (await host.Client.GetInstanceAsync(id, getInputsAndOutputs: true, Token))!.ReadOutputAs<string>());
        Assert.Equal(1, probe.FirstRuns);
        Assert.Equal(1, probe.SecondRuns);
    }

    /// <summary>
    /// Why the starter checks first: without dedupe statuses the Azure Storage backend accepts a second schedule of an
    /// existing id and starts the instance over (here a completed one runs again with the new input).
    /// </summary>
    [Fact]
    public async Task Without_dedupe_statuses_a_second_schedule_of_a_completed_instance_runs_it_again()
    {
        var probe = new TaskProbe();
        await using var host = await LocalDurableHost.StartAsync(azurite, LocalDurableHost.NewTaskHub(), probe, Token);
        string id = "study-" + Guid.NewGuid().ToString("N");
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), "first", new StartOrchestrationOptions(id), Token);
        await LocalDurableHost.WaitAsync(host.Client, id, Token);

        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), "again", new StartOrchestrationOptions(id), Token);
        var rerun = await WaitForOutputAsync(host.Client, id, "again-first-second");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, rerun.RuntimeStatus);
        Assert.Equal(2, probe.FirstRuns);
        Assert.Equal(2, probe.SecondRuns);
    }

    private static Task<string> ScheduleOnceAsync(DurableTaskClient client, string id, string input) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(TwoSteps), input, new StartOrchestrationOptions(id).WithDedupeStatuses(Enum.GetValues<OrchestrationRuntimeStatus>()), Token);

    /// <summary>Waits for the rerun's output: right after the second schedule the instance may still show the first run's.</summary>
    private static async Task<OrchestrationMetadata> WaitForOutputAsync(DurableTaskClient client, string id, string output)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(TimeSpan.FromSeconds(45));
        while (true)
        {
            var state = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, limit.Token);
            if (state.ReadOutputAs<string>() == output)
            {
                return state;
            }

            await Task.Delay(100, limit.Token);
        }
    }
}
