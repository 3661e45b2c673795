using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventGrid;
using Hem.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hem.Pipeline.Events;

public static class ResultEventsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EventGridResultPublisher"/> as <see cref="IResultEventPublisher"/>, sending to
    /// <c>Hem:ResultTopicEndpoint</c> with the topic key <c>Hem:ResultTopicKey</c> (the <c>aeg-sas-key</c> header) or,
    /// when no key is set, the app's managed identity (<see cref="DefaultAzureCredential"/>, or a
    /// <see cref="TokenCredential"/> registered in the container). Configuration is read when the publisher is first
    /// resolved, so a missing endpoint fails the Publish step, not the host's start.
    /// </summary>
    public static IServiceCollection AddResultEvents(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => CreateClient(configuration, provider.GetService<TokenCredential>(), options: null));
        services.AddSingleton<IResultEventPublisher, EventGridResultPublisher>();
        return services;
    }

    /// <summary>The publisher client for the configured topic: key credential when a key is set, else <paramref name="tokenCredential"/> or <see cref="DefaultAzureCredential"/>.</summary>
    public static EventGridPublisherClient CreateClient(IConfiguration configuration, TokenCredential? tokenCredential, EventGridPublisherClientOptions? options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string endpoint = configuration[SettingNames.ResultTopicEndpoint] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{SettingNames.ResultTopicEndpoint} is not set: result events need the Event Grid topic endpoint");
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out Uri? topic))
        {
            throw new InvalidOperationException($"{SettingNames.ResultTopicEndpoint} is not an absolute URL");
        }

        options ??= new EventGridPublisherClientOptions();
        return configuration[SettingNames.ResultTopicKey] is { Length: > 0 } key
            ? new EventGridPublisherClient(topic, new AzureKeyCredential(key), options)
            : new EventGridPublisherClient(topic, tokenCredential ?? new DefaultAzureCredential(), options);
    }
}
