using DurableTask.Core;
using DurableTask.Core.History;

namespace Hem.LocalHost.Durable;

/// <summary>
/// Keeps durable timers from firing early. Azure Storage implements a timer as a control-queue message hidden until the
/// fire time, but a queue's visibility delay is whole seconds and the storage SDK truncates (1.9 s is sent as
/// <c>visibilitytimeout=1</c>, measured against Azurite): a timer fired up to a second early, a 1 s timer at once.
/// Moving each timer message's fire time one second later makes the truncated delay at least the one asked for, so a
/// timer fires up to a second late instead (plus the queue's polling interval).
/// </summary>
internal static class TimerMessages
{
    public static readonly TimeSpan Rounding = TimeSpan.FromSeconds(1);

    public static void NeverEarly(IEnumerable<TaskMessage>? timerMessages)
    {
        foreach (var message in timerMessages ?? [])
        {
            if (message.Event is TimerFiredEvent timer)
            {
                timer.FireAt = timer.FireAt.Add(Rounding);
            }
        }
    }
}
