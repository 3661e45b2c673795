using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Hem.LocalHost.DevEvents;

/// <summary>
/// Wires the development event stand-ins into an ASP.NET Core app: the local host adds both to its one app (intake and
/// topic on the same Kestrel), <see cref="LocalEventTopicHost"/> runs the topic on its own.
/// </summary>
public static class DevEventsExtensions
{
    private const string HttpClientName = "Hem.LocalHost.DevEvents";

    /// <summary>
    /// The local topic's services: the key check, the events file, the subscriber dispatcher (a hosted service) and the
    /// request handler. Map the route with <see cref="MapLocalEventTopic"/>.
    /// </summary>
    public static IServiceCollection AddLocalEventTopic(this IServiceCollection services, LocalEventTopicOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        AddDeliveryClient(services);
        services.AddSingleton(options);
        services.AddSingleton(new TopicKeyCheck(options.Key));
        services.AddSingleton(_ => new EventsJournal(options.EventsFile));
        services.AddSingleton(provider => new SubscriberDispatcher(
            options,
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SubscriberDispatcher>>()));
        services.AddHostedService(provider => provider.GetRequiredService<SubscriberDispatcher>());
        services.AddSingleton<LocalEventTopicRequestHandler>();
        return services;
    }

    /// <summary>Maps <c>POST {options.Route}</c> to the local topic (registered by <see cref="AddLocalEventTopic"/>).</summary>
    public static RouteHandlerBuilder MapLocalEventTopic(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<LocalEventTopicOptions>();
        // Opens the events file now: a path that cannot be written fails the start, not the first publish.
        endpoints.ServiceProvider.GetRequiredService<EventsJournal>();
        return endpoints.MapPost(
            options.Route,
            (HttpRequest request, [FromServices] LocalEventTopicRequestHandler handler, CancellationToken cancellationToken) =>
                handler.HandleAsync(request, cancellationToken));
    }

    /// <summary>
    /// The blob event source and its hosted loop, watching the container of <paramref name="options"/> in the
    /// <see cref="BlobServiceClient"/> registered by the host (Azurite).
    /// </summary>
    public static IServiceCollection AddDevBlobEventSource(this IServiceCollection services, BlobEventSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        AddDeliveryClient(services);
        services.AddSingleton(provider => new BlobEventSource(
            provider.GetRequiredService<BlobServiceClient>(),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            options,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<BlobEventSource>>()));
        services.AddHostedService(provider => new BlobEventSourceService(provider.GetRequiredService<BlobEventSource>()));
        return services;
    }

    private static void AddDeliveryClient(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Each attempt has its own timeout (WebhookPoster). A redirect is an answer, not a detour: Event Grid does not
        // follow one, so neither do the stand-ins.
        services.AddHttpClient(HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
    }
}
