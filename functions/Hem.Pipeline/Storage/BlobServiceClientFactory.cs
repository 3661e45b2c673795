using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Hem.Pipeline.Storage;

/// <summary>
/// Builds a <see cref="BlobServiceClient"/> from a Functions-style connection setting: a connection string
/// locally (Azurite), or managed identity in Azure where only the service URI or account name is configured.
/// </summary>
public static class BlobServiceClientFactory
{
    public static BlobServiceClient? FromConfiguration(IConfiguration configuration, string settingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? connectionString = configuration[settingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BlobServiceClient(connectionString);
        }

        var section = configuration.GetSection(settingName);
        string? serviceUri = section["blobServiceUri"];
        if (string.IsNullOrWhiteSpace(serviceUri) && section["accountName"] is { Length: > 0 } accountName)
        {
            serviceUri = $"https://{accountName}.blob.core.windows.net";
        }

        if (string.IsNullOrWhiteSpace(serviceUri))
        {
            return null;
        }

        // A user-assigned identity names its client id; otherwise the system-assigned identity is used.
        var credential = section["clientId"] is { Length: > 0 } clientId
            ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
            : new DefaultAzureCredential();
        return new BlobServiceClient(new Uri(serviceUri), credential);
    }
}
