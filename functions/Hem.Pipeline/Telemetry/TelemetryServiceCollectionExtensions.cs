using Azure.Monitor.OpenTelemetry.Exporter;
using Hem.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Hem.Pipeline.Telemetry;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The Durable Task worker's activity source (orchestration and activity spans).</summary>
    public const string DurableTaskSource = "Microsoft.DurableTask";

    /// <summary>
    /// OpenTelemetry traces and metrics for the source and meter <see cref="PipelineTelemetry.Name"/> (and the Durable
    /// Task worker's source): to the console when <c>Hem:Telemetry:Console</c> is true, to Application Insights when
    /// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. HTTP client spans are kept only for calls to the inference
    /// service: a storage call's URL names the submitted blob, which may identify a patient.
    /// </summary>
    public static IServiceCollection AddPipelineTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        bool console = bool.TryParse(configuration[SettingNames.TelemetryConsole], out bool on) && on;
        string? connectionString = configuration[SettingNames.ApplicationInsightsConnectionString];
        bool azureMonitor = !string.IsNullOrWhiteSpace(connectionString);
        var inference = Uri.TryCreate(configuration[SettingNames.InferenceBaseUrl], UriKind.Absolute, out var uri) ? uri : null;

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddSource(PipelineTelemetry.Name, DurableTaskSource)
                    .AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = request => IsInferenceCall(inference, request.RequestUri));
                if (console)
                {
                    tracing.AddConsoleExporter();
                }

                if (azureMonitor)
                {
                    tracing.AddAzureMonitorTraceExporter(exporter => exporter.ConnectionString = connectionString);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PipelineTelemetry.Name);
                if (console)
                {
                    metrics.AddConsoleExporter();
                }

                if (azureMonitor)
                {
                    metrics.AddAzureMonitorMetricExporter(exporter => exporter.ConnectionString = connectionString);
                }
            });
        return services;
    }

    /// <summary>True for a request to the inference service (its base URL is a prefix of the request's).</summary>
    public static bool IsInferenceCall(Uri? inferenceBaseUrl, Uri? request) =>
        inferenceBaseUrl is not null && request is not null && inferenceBaseUrl.IsBaseOf(request);
}
