using Hem.Pipeline;
using Hem.Pipeline.Health;
using Hem.Pipeline.Telemetry;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddHemHealth(builder.Configuration, "Hem.Functions", HealthReporter.VersionOf(typeof(Program).Assembly));
builder.Services.AddPipelineServices(builder.Configuration);
builder.Services.AddPipelineTelemetry(builder.Configuration, "Hem.Functions");
await builder.Build().RunAsync();
