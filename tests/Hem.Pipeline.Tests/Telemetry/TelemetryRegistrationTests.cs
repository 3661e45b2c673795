using Hem.Pipeline.Configuration;
using Hem.Pipeline.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Hem.Pipeline.Tests.Telemetry;

public sealed class TelemetryRegistrationTests
{
    [Theory]
    [InlineData("false", "")]
    [InlineData("true", "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/")]
    public void The_tracer_and_meter_providers_build_with_or_without_exporters(string console, string connectionString)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [SettingNames.TelemetryConsole] = console,
            [SettingNames.ApplicationInsightsConnectionString] = connectionString,
            [SettingNames.InferenceBaseUrl] = "http://127.0.0.1:5080/",
        }).Build();
        using var provider = new ServiceCollection().AddPipelineTelemetry(configuration, "Hem.Tests").BuildServiceProvider();

        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/v1/predictions?probability=true", true)]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/incoming/Doe%5EJane_head.zip", false)]
    [InlineData(null, false)]
    public void Only_calls_to_the_inference_service_are_traced_as_http_spans(string? request, bool traced)
    {
        var inference = new Uri("http://127.0.0.1:5080/");

        Assert.Equal(traced, TelemetryServiceCollectionExtensions.IsInferenceCall(inference, request is null ? null : new Uri(request)));
        Assert.False(TelemetryServiceCollectionExtensions.IsInferenceCall(null, new Uri("http://127.0.0.1:5080/v1/model")));
    }
}
