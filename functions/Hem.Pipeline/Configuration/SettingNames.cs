namespace Hem.Pipeline.Configuration;

/// <summary>
/// The configuration keys the pipeline reads. Every key here appears in local.settings.sample.json, the README
/// table and the Function app's settings in infra-bicep/modules/functionApp.bicep; keep the four in step
/// (tests/Hem.Infra.Tests fails for a constant the Bicep does not set).
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

    /// <summary>The Event Grid topic endpoint result events are published to (e.g. https://{topic}.{region}-1.eventgrid.azure.net/api/events).</summary>
    public const string ResultTopicEndpoint = "Hem:ResultTopicEndpoint";

    /// <summary>The topic's access key (sent as aeg-sas-key; in Azure a Key Vault reference); empty uses the app's managed identity.</summary>
    public const string ResultTopicKey = "Hem:ResultTopicKey";

    /// <summary>The deployment's de-identification key: base64 of at least 32 random bytes (in Azure a Key Vault reference).</summary>
    public const string DeidentificationKey = "Hem:DeidentificationKey";

    /// <summary>Studies a backfill runs at once when its request does not say (default 2); the inference service's capacity is the real limit.</summary>
    public const string BackfillMaxConcurrency = "Hem:Backfill:MaxConcurrency";

    /// <summary>"true" writes the pipeline's traces and metrics to the console (local runs); false or empty writes none there.</summary>
    public const string TelemetryConsole = "Hem:Telemetry:Console";

    /// <summary>Application Insights' connection string; when set, traces and metrics are exported to it (Azure Monitor).</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
}
