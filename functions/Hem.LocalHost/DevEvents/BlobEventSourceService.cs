using Microsoft.Extensions.Hosting;

namespace Hem.LocalHost.DevEvents;

/// <summary>Runs the <see cref="BlobEventSource"/> for the life of the host.</summary>
public sealed class BlobEventSourceService(BlobEventSource source) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => source.RunAsync(stoppingToken);
}
