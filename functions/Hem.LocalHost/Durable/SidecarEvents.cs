using DurableTask.Core;
using DurableTask.Core.History;

namespace Hem.LocalHost.Durable;

/// <summary>
/// Makes what the preview sidecar hands to the storage service storable; both gaps stopped sub-orchestrations (a
/// backfill's study runs) on Azure Storage, while the in-memory backend the sidecar ships with takes them as they are:
/// <list type="bullet">
/// <item>It puts a sub-orchestration's tags into its ExecutionStarted message as the protobuf map it received
/// (<c>Google.Protobuf.Collections.MapField</c>). Azure Storage writes messages with .NET type names and then refuses
/// to read that type back, so the message was abandoned again and again and the sub-orchestration never started. The
/// tags become a plain dictionary.</item>
/// <item>It records the creation in the parent's history as its own subclass of SubOrchestrationInstanceCreatedEvent,
/// which Azure Storage's history table writes without an EventType column and then cannot read back, so the parent
/// never replayed when its sub-orchestrations finished. The event becomes the plain one, with the same values.</item>
/// </list>
/// </summary>
internal static class SidecarEvents
{
    public static void MakeStorable(OrchestrationRuntimeState? state, IEnumerable<TaskMessage>? messages)
    {
        foreach (var message in messages ?? [])
        {
            PlainTags(message.Event as ExecutionStartedEvent);
        }

        if (state is null)
        {
            return;
        }

        for (int i = 0; i < state.NewEvents.Count; i++)
        {
            var historyEvent = state.NewEvents[i];
            PlainTags(historyEvent as ExecutionStartedEvent);
            if (historyEvent is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                var plain = Plain(created);
                state.NewEvents[i] = plain;
                int inAll = state.Events.IndexOf(created);
                if (inAll >= 0)
                {
                    state.Events[inAll] = plain;
                }
            }
        }
    }

    private static SubOrchestrationInstanceCreatedEvent Plain(SubOrchestrationInstanceCreatedEvent created) => new(created.EventId)
    {
        Name = created.Name,
        Version = created.Version,
        InstanceId = created.InstanceId,
        Input = created.Input,
        ClientSpanId = created.ClientSpanId,
        Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags),
        IsPlayed = created.IsPlayed,
        Timestamp = created.Timestamp,
    };

    private static void PlainTags(ExecutionStartedEvent? started)
    {
        if (started?.Tags is { } tags && tags.GetType() != typeof(Dictionary<string, string>))
        {
            started.Tags = new Dictionary<string, string>(tags);
        }
    }
}
