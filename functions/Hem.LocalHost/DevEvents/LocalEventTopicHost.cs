using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// The local topic on its own Kestrel, bound to 127.0.0.1 only: for tests and for running the topic without the local
/// host. <see cref="TopicEndpoint"/> is what the pipeline's <c>Hem:ResultTopicEndpoint</c> should name.
/// </summary>
public sealed class LocalEventTopicHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private LocalEventTopicHost(WebApplication app, Uri topicEndpoint)
    {
        _app = app;
        TopicEndpoint = topicEndpoint;
    }

    public Uri TopicEndpoint { get; }

    /// <param name="port">The loopback port; 0 takes a free one.</param>
    /// <param name="configureLogging">How the host logs; null keeps ASP.NET Core's defaults (the console).</param>
    public static async Task<LocalEventTopicHost> StartAsync(
        LocalEventTopicOptions options, int port, Action<ILoggingBuilder>? configureLogging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        configureLogging?.Invoke(builder.Logging);
        builder.Services.AddLocalEventTopic(options);
        var app = builder.Build();
        app.MapLocalEventTopic();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = new Uri(app.Urls.Single());
        return new LocalEventTopicHost(app, new Uri(address, options.Route));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopped)
        {
            _stopped = true;
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
