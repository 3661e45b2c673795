namespace Hem.Pipeline.Configuration;

/// <summary>
/// The configuration keys the pipeline reads. Every key here appears in local.settings.sample.json, the README
/// table and (from the infrastructure issue) the Bicep app settings; keep the four in step.
/// </summary>
public static class SettingNames
{
    /// <summary>Storage used by the pipeline and the Durable task hub: a connection string, or the identity-based
    /// form <c>AzureWebJobsStorage__blobServiceUri</c> / <c>AzureWebJobsStorage__accountName</c>.</summary>
    public const string Storage = "AzureWebJobsStorage";

    /// <summary>Base URL of the inference service (for example http://127.0.0.1:5080/).</summary>
    public const string InferenceBaseUrl = "Hem:InferenceBaseUrl";

    /// <summary>The inference service's API key, sent as X-Api-Key (in Azure a Key Vault reference); empty sends none.</summary>
    public const string InferenceApiKey = "Hem:InferenceApiKey";
}
