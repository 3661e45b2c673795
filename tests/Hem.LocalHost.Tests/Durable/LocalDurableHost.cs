using Hem.LocalHost.Durable;
using Hem.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hem.LocalHost.Tests.Durable;

/// <summary>One local host's durable part as the local host runs it: the sidecar on Azurite and a worker host connected to it.</summary>
public sealed class LocalDurableHost : IAsyncDisposable
{
    private LocalDurableHost(DurableTaskSidecar sidecar, IHost worker)
    {
        Sidecar = sidecar;
        Worker = worker;
    }

    public DurableTaskSidecar Sidecar { get; }

    public IHost Worker { get; }

    public DurableTaskClient Client => Worker.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>A task hub name of its own for each test: tests share one Azurite.</summary>
    public static string NewTaskHub() => "t" + Guid.NewGuid().ToString("N")[..16];

    public static async Task<LocalDurableHost> StartAsync(AzuriteFixture azurite, string taskHub, TaskProbe probe, CancellationToken cancellationToken, TimeSpan? activityLease = null)
    {
        var options = new DurableTaskSidecarOptions(azurite.ConnectionString, taskHub)
        {
            ActivityLeaseDuration = activityLease ?? TimeSpan.FromSeconds(60),
        };
        var sidecar = await DurableTaskSidecar.StartAsync(options, cancellationToken);
        try
        {
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Services.AddSingleton(probe);
            // A stopping host waits this long for running activities, then leaves them (as a killed host would).
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.Services.AddSidecarWorkerAndClient(sidecar.Address, tasks => tasks.AddTestTasks());
            var worker = builder.Build();
            await worker.StartAsync(cancellationToken);
            return new LocalDurableHost(sidecar, worker);
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }
    }

    public static async Task<OrchestrationMetadata> WaitAsync(DurableTaskClient client, string instanceId, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(45));
        return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, limit.Token);
    }

    /// <summary>Worker first, then the sidecar: the order a host stopping (or dying) leaves things in.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Worker.StopAsync(CancellationToken.None);
        }
        finally
        {
            Worker.Dispose();
            await Sidecar.DisposeAsync();
        }
    }
}
