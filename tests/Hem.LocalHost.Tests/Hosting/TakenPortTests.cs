using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Hem.LocalHost.Hosting;
using Hem.LocalHost.Processes;
using Hem.Testing;

namespace Hem.LocalHost.Tests.Hosting;

/// <summary>
/// A port that another process holds (tests run side by side, so a free port can be taken before it is bound): a port
/// the caller gave is refused with a message that says so; a free port the host chose is chosen again, 3 times at most;
/// the inference service's failure carries the "address already in use" that makes
/// <see cref="InferenceProcess.StartOnFreePortAsync"/> choose again.
/// </summary>
[Collection(LocalStackGroup.Name)]
public sealed class TakenPortTests
{
    private static readonly string ApiKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inference_service_on_a_held_port_fails_naming_the_address_in_use()
    {
        using var holder = Hold();
        var (repository, assembly) = InferenceServiceFixture.ServiceBuild();

        var error = await Assert.ThrowsAsync<LocalStackException>(() =>
            InferenceProcess.StartAsync(assembly, repository.ShippedModel, ApiKey, Port(holder), Token));

        Assert.Contains("address already in use", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_inference_service_on_a_free_port_answers_on_it()
    {
        var (repository, assembly) = InferenceServiceFixture.ServiceBuild();

        await using var service = await InferenceProcess.StartOnFreePortAsync(assembly, repository.ShippedModel, ApiKey, Token);

        Assert.Equal("127.0.0.1", service.BaseUrl.Host);
        Assert.True(await LoopbackPorts.IsListeningAsync(service.BaseUrl.Port, Token));
    }

    [Fact]
    public async Task A_host_given_a_held_port_is_refused_and_names_the_port()
    {
        using var holder = Hold();
        await using var storage = await OwnStorage.StartAsync(Token);
        var options = HostOptions(storage) with { Port = Port(holder) };

        var error = await Assert.ThrowsAsync<LocalStackException>(() => LocalPipelineHost.StartAsync(options, Token));

        Assert.StartsWith($"the host cannot listen on 127.0.0.1:{Port(holder)} (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("give another port", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_whose_free_port_was_taken_first_chooses_another_and_listens_there()
    {
        using var holder = Hold();
        await using var storage = await OwnStorage.StartAsync(Token);
        int free = LoopbackPorts.TakeFree(1)[0];
        var offered = new Queue<int>([Port(holder), free]);

        await using var host = await LocalPipelineHost.StartAsync(HostOptions(storage), offered.Dequeue, Token);

        Assert.Empty(offered);
        Assert.Equal(new Uri($"http://127.0.0.1:{free}/"), host.BaseUrl);
        using var http = new HttpClient();
        // The host's own status API answers there (a study key it refuses), not just any listener.
        using var refused = await http.GetAsync(new Uri(host.BaseUrl, "api/studies/not-a-key"), Token);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task A_host_whose_free_ports_are_all_taken_gives_up_after_three_tries()
    {
        using var holder = Hold();
        await using var storage = await OwnStorage.StartAsync(Token);
        int offered = 0;

        var error = await Assert.ThrowsAsync<LocalStackException>(() => LocalPipelineHost.StartAsync(HostOptions(storage), () => { offered++; return Port(holder); }, Token));

        Assert.Equal(3, offered);
        Assert.StartsWith($"the host cannot listen on 127.0.0.1:{Port(holder)} (", error.Message, StringComparison.Ordinal);
    }

    private static LocalHostOptions HostOptions(OwnStorage storage) => new()
    {
        StorageConnectionString = storage.Azurite.ConnectionString,
        InferenceBaseUrl = new Uri("http://127.0.0.1:9/"),
        InferenceApiKey = ApiKey,
        DeidentificationKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        DataFolder = Path.Combine(storage.Folder, "host"),
        ShutdownTimeout = TimeSpan.FromSeconds(2),
        ConsoleLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical,
    };

    private static TcpListener Hold()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int Port(TcpListener holder) => ((IPEndPoint)holder.LocalEndpoint).Port;
}
