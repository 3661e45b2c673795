using Microsoft.DurableTask;

namespace Hem.LocalHost.Tests.Durable;

/// <summary>
/// What the test activities did, shared by every host a test starts (so runs are counted across a restart). The first
/// activity says when it has started and then waits for <see cref="ReleaseFirst"/>.
/// </summary>
public sealed class TaskProbe
{
    private readonly TaskCompletionSource _firstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstReleased = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _firstRuns;
    private int _secondRuns;

    public TaskProbe(bool holdFirst = false)
    {
        if (!holdFirst)
        {
            _firstReleased.SetResult();
        }
    }

    public int FirstRuns => Volatile.Read(ref _firstRuns);

    public int SecondRuns => Volatile.Read(ref _secondRuns);

    public Task FirstStarted => _firstStarted.Task;

    public void ReleaseFirst() => _firstReleased.TrySetResult();

    public async Task<string> RunFirstAsync(string input)
    {
        Interlocked.Increment(ref _firstRuns);
        _firstStarted.TrySetResult();
        await _firstReleased.Task;
        return input + "-first";
    }

    public string RunSecond(string input)
    {
        Interlocked.Increment(ref _secondRuns);
        return input + "-second";
    }
}

public sealed class FirstStep(TaskProbe probe) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => probe.RunFirstAsync(input);
}

public sealed class SecondStep(TaskProbe probe) : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(probe.RunSecond(input));
}

/// <summary>Two <see cref="TwoSteps"/> sub-orchestrations at once (a backfill's pattern), their outputs joined.</summary>
public sealed class TwoChildren : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        var a = context.CallSubOrchestratorAsync<string>(nameof(TwoSteps), input + "a", new SubOrchestrationOptions { InstanceId = context.InstanceId + "-a" });
        var b = context.CallSubOrchestratorAsync<string>(nameof(TwoSteps), input + "b", new SubOrchestrationOptions { InstanceId = context.InstanceId + "-b" });
        return string.Join("+", await Task.WhenAll(a, b));
    }
}

/// <summary>Two activities in sequence with a durable timer between them (a timer is a delayed control-queue message).</summary>
public sealed class StepsWithTimer : TaskOrchestrator<string, string>
{
    public static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        string first = await context.CallActivityAsync<string>(nameof(FirstStep), input);
        await context.CreateTimer(Pause, CancellationToken.None);
        return await context.CallActivityAsync<string>(nameof(SecondStep), first);
    }
}

/// <summary>Two activities in sequence, nothing else: the latency measurement.</summary>
public sealed class TwoSteps : TaskOrchestrator<string, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, string input)
    {
        ArgumentNullException.ThrowIfNull(context);
        string first = await context.CallActivityAsync<string>(nameof(FirstStep), input);
        return await context.CallActivityAsync<string>(nameof(SecondStep), first);
    }
}

/// <summary>A durable timer after an activity; returns how long it held in orchestration time (ms).</summary>
public sealed class HeldTimer : TaskOrchestrator<int, double>
{
    public override async Task<double> RunAsync(TaskOrchestrationContext context, int input)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.CallActivityAsync<string>(nameof(FirstStep), "timer");
        var created = context.CurrentUtcDateTime;
        await context.CreateTimer(TimeSpan.FromMilliseconds(input), CancellationToken.None);
        return (context.CurrentUtcDateTime - created).TotalMilliseconds;
    }
}

public static class TestTasks
{
    public static DurableTaskRegistry AddTestTasks(this DurableTaskRegistry tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks
            .AddOrchestrator<StepsWithTimer>()
            .AddOrchestrator<TwoSteps>()
            .AddOrchestrator<HeldTimer>()
            .AddOrchestrator<TwoChildren>()
            .AddOrchestrator(nameof(Hem.Pipeline.Orchestration.StudyPipeline), () => new PipelineStandIn())
            .AddActivity<FirstStep>()
            .AddActivity<SecondStep>();
    }
}

/// <summary>
/// Stands in for the pipeline under its name (<c>StudyPipeline</c>), so that <c>StudyPipelineStarter</c> itself can be
/// exercised without the analysis' services: the two test activities on the submitted blob's name.
/// </summary>
public sealed class PipelineStandIn : TaskOrchestrator<Hem.Pipeline.Orchestration.StudyPipelineInput, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, Hem.Pipeline.Orchestration.StudyPipelineInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        string first = await context.CallActivityAsync<string>(nameof(FirstStep), input.BlobName);
        return await context.CallActivityAsync<string>(nameof(SecondStep), first);
    }
}
