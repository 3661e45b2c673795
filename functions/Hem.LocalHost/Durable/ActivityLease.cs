using DurableTask.Core;

namespace Hem.LocalHost.Durable;

/// <summary>Renews one running activity's lease at an interval until ended.</summary>
internal sealed class ActivityLease
{
    private readonly CancellationTokenSource _end;
    private readonly Task _loop;

    private ActivityLease(TaskActivityWorkItem workItem, CancellationTokenSource end, Task loop)
    {
        WorkItem = workItem;
        _end = end;
        _loop = loop;
    }

    public TaskActivityWorkItem WorkItem { get; }

    public static ActivityLease Start(TaskActivityWorkItem workItem, TimeSpan every, Func<TaskActivityWorkItem, Task> renew)
    {
        var end = new CancellationTokenSource();
        var loop = Task.Run(() => RenewLoopAsync(workItem, every, renew, end.Token), CancellationToken.None);
        return new ActivityLease(workItem, end, loop);
    }

    /// <summary>Stops renewing and waits for a renewal in flight.</summary>
    public async Task EndAsync()
    {
        await _end.CancelAsync();
        await _loop;
        _end.Dispose();
    }

    private static async Task RenewLoopAsync(TaskActivityWorkItem workItem, TimeSpan every, Func<TaskActivityWorkItem, Task> renew, CancellationToken end)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(end))
            {
                await renew(workItem);
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // Ended: the activity completed or was given back.
        }
    }
}
