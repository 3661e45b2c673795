using Azure.Storage.Blobs;
using Hem.Pipeline.Configuration;
using Hem.Pipeline.Health;
using Hem.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline.Tests;

public sealed class HealthReporterTests(AzuriteFixture azurite)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Storage_on_Azurite_is_reachable_and_an_unconfigured_inference_service_is_not_a_failure()
    {
        var reporter = Build(azurite.CreateBlobServiceClient(), inferenceUrl: null);

        var report = await reporter.CheckAsync(TestContext.Current.CancellationToken);

        Assert.True(report.Healthy);
        var storage = Assert.Single(report.Dependencies, d => d.Name == "blobStorage");
        Assert.Equal(DependencyState.Reachable, storage.State);
        Assert.Equal(DependencyState.NotConfigured, Assert.Single(report.Dependencies, d => d.Name == "inferenceService").State);
    }

    [Fact]
    public async Task Storage_reports_the_incoming_container_once_it_exists()
    {
        var client = azurite.CreateBlobServiceClient();
        await client.GetBlobContainerClient(HealthServiceCollectionExtensions.IncomingContainer)
            .CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);

        var report = await Build(client, null).CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal("container 'incoming' exists", Assert.Single(report.Dependencies, d => d.Name == "blobStorage").Detail);
    }

    [Fact]
    public async Task A_closed_storage_port_makes_the_service_unhealthy()
    {
        int closed = FreePorts.Take(1)[0];
        var client = new BlobServiceClient(azurite.ConnectionString.Replace(
            $"127.0.0.1:{azurite.BlobPort}", $"127.0.0.1:{closed}", StringComparison.Ordinal),
            new BlobClientOptions { Retry = { MaxRetries = 0 } });

        var report = await Build(client, null).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(report.Healthy);
        Assert.Equal(DependencyState.Unreachable, Assert.Single(report.Dependencies, d => d.Name == "blobStorage").State);
    }

    [Fact]
    public async Task Missing_storage_configuration_is_unhealthy()
    {
        var report = await Build(null, null).CheckAsync(TestContext.Current.CancellationToken);

        Assert.False(report.Healthy);
        Assert.Equal(DependencyState.NotConfigured, Assert.Single(report.Dependencies, d => d.Name == "blobStorage").State);
    }

    [Fact]
    public async Task An_inference_service_that_answers_healthz_is_reachable_and_one_that_is_down_is_not()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var inference = await StartHealthzServerAsync(ct);

        var up = await Build(azurite.CreateBlobServiceClient(), inference.Url).CheckAsync(ct);
        Assert.True(up.Healthy);
        Assert.Equal("healthz answered HTTP 200", Assert.Single(up.Dependencies, d => d.Name == "inferenceService").Detail);

        var down = await Build(azurite.CreateBlobServiceClient(), new Uri($"http://127.0.0.1:{FreePorts.Take(1)[0]}/")).CheckAsync(ct);
        Assert.False(down.Healthy);
        Assert.Equal(DependencyState.Unreachable, Assert.Single(down.Dependencies, d => d.Name == "inferenceService").State);
    }

    [Fact]
    public async Task The_service_registration_reads_the_documented_setting_names()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.Storage] = azurite.ConnectionString,
            [SettingNames.InferenceBaseUrl] = "http://127.0.0.1:1",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddHemHealth(configuration, "test-service", "1.2.3")
            .BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthReporter>().CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal("test-service", report.Service);
        Assert.Equal("1.2.3", report.Version);
        Assert.Equal(DependencyState.Reachable, Assert.Single(report.Dependencies, d => d.Name == "blobStorage").State);
        Assert.Equal(DependencyState.Unreachable, Assert.Single(report.Dependencies, d => d.Name == "inferenceService").State);
    }

    private static HealthReporter Build(BlobServiceClient? storage, Uri? inferenceUrl) =>
        new("test", "0.0.0", [new BlobStorageCheck(storage, HealthServiceCollectionExtensions.IncomingContainer), new InferenceServiceCheck(new HttpClient(), inferenceUrl)], Timeout);

    private static async Task<RunningServer> StartHealthzServerAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok());
        await app.StartAsync(ct);
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new RunningServer(app, new Uri(address + "/"));
    }

    private sealed record RunningServer(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }
}
