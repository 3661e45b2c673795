using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.Durable;

/// <summary>
/// The local host's Durable Task backend: the Durable Task gRPC sidecar (<see cref="TaskHubGrpcServer"/>) on
/// 127.0.0.1 over the Azure Storage orchestration service, the backend Durable Functions uses in Azure. Workers and
/// clients connect to <see cref="Address"/> (<see cref="SidecarWorkerRegistration"/>); orchestration state lives in
/// the storage account's queues, tables and blobs, so a sidecar started again on the same hub carries on where the
/// last one stopped. One worker connection at a time (the sidecar's rule).
/// </summary>
public sealed class DurableTaskSidecar : IAsyncDisposable
{
    private readonly WebApplication _server;
    private readonly AzureStorageOrchestrationService _storage;
    private readonly StorageDispatchAdapter _dispatch;
    private bool _stopped;

    private DurableTaskSidecar(WebApplication server, AzureStorageOrchestrationService storage, StorageDispatchAdapter dispatch, Uri address)
    {
        _server = server;
        _storage = storage;
        _dispatch = dispatch;
        Address = address;
    }

    /// <summary>The sidecar's gRPC address, <c>http://127.0.0.1:PORT</c> (HTTP/2 without TLS, loopback only).</summary>
    public Uri Address { get; }

    /// <summary>Creates the task hub in storage if it is not there, then starts the sidecar listening.</summary>
    public static async Task<DurableTaskSidecar> StartAsync(DurableTaskSidecarOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storage = new AzureStorageOrchestrationService(AzureStorageBackendSettings.For(options));
        WebApplication? server = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await storage.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
            var dispatch = new StorageDispatchAdapter(storage, options.ActivityLeaseDuration, options.LoggerFactory.CreateLogger<DurableTaskSidecar>());
            server = BuildServer(options, storage, dispatch);
            await server.StartAsync(cancellationToken);
            return new DurableTaskSidecar(server, storage, dispatch, ListeningAddress(server));
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }

            storage.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Stops listening (connected workers lose their stream), gives back the work items still held and stops the
    /// storage service's background work (partition leases released, queue polling ended). Cancelling ends the wait for
    /// the server's graceful stop; the storage service is stopped all the same.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            await _server.StopAsync(cancellationToken);
        }
        finally
        {
            // The sidecar stops its dispatchers on its own but only stops the storage service once they are idle, and a
            // work item whose worker went away never becomes idle: stop it here (once, whoever asks first).
            await _dispatch.StopAsync(isForced: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        finally
        {
            await _server.DisposeAsync();
            _storage.Dispose();
        }
    }

    private static WebApplication BuildServer(DurableTaskSidecarOptions options, AzureStorageOrchestrationService storage, StorageDispatchAdapter dispatch)
    {
        // The empty builder reads no configuration (no ASPNETCORE_URLS, no appsettings): the address is only the one below.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, options.Port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddSingleton(options.LoggerFactory);
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        // The dispatchers take work through the adapter; client calls (start, query, wait, purge) go to the storage
        // service, with a shorter poll while a caller waits for completion.
        builder.Services.AddSingleton<IOrchestrationService>(dispatch);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(new PromptCompletionClient(storage, options.CompletionPollInterval));
        builder.Services.AddOptions<TaskHubGrpcServerOptions>();
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        return app;
    }

    private static Uri ListeningAddress(WebApplication server)
    {
        var addresses = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.SingleOrDefault() ?? throw new InvalidOperationException("The sidecar reports no listening address.");
        return new Uri(address);
    }
}
