using Hem.Testing;

namespace Hem.LocalHost.Tests.DevEvents;

/// <summary>One Azurite for the event source's tests; each test watches containers of its own.</summary>
[CollectionDefinition(Name)]
public sealed class DevEventsAzurite : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "DevEvents on Azurite";
}
