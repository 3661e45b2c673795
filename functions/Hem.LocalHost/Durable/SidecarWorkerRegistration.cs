using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.LocalHost.Durable;

/// <summary>Connects a host's Durable Task worker and client to a <see cref="DurableTaskSidecar"/>.</summary>
public static class SidecarWorkerRegistration
{
    /// <summary>
    /// Adds the worker (a hosted service running the registered orchestrations and activities, e.g.
    /// <c>tasks =&gt; tasks.AddStudyPipeline()</c>) and a <see cref="DurableTaskClient"/>, both over gRPC to
    /// <paramref name="sidecar"/>. The activities' services come from the same collection.
    /// </summary>
    public static IServiceCollection AddSidecarWorkerAndClient(this IServiceCollection services, Uri sidecar, Action<DurableTaskRegistry> registerTasks)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(sidecar);
        ArgumentNullException.ThrowIfNull(registerTasks);
        string address = sidecar.GetLeftPart(UriPartial.Authority);
        services.AddDurableTaskWorker(worker => worker.UseGrpc(address).AddTasks(registerTasks));
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(address);
            client.RegisterDirectly();
        });
        return services;
    }
}
