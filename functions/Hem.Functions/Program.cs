using Hem.Pipeline.Configuration;
using Hem.Pipeline.Events;
using Hem.Pipeline.Health;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Storage;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
var configuration = builder.Configuration;
var services = builder.Services;
services.AddHemHealth(configuration, "Hem.Functions", HealthReporter.VersionOf(typeof(Program).Assembly));

// Intake.
services.AddSingleton(new EventIntake(new IntakeFilter()));
services.AddSingleton(WebHookAbuseProtection.ForEventGrid());

// What the pipeline's activities need (StudyPipelineRegistration). Settings are read when first used, so a missing
// one fails the step that needs it, not the host's start.
services.AddSingleton(TimeProvider.System);
services.AddSingleton(_ => BlobServiceClientFactory.FromConfiguration(configuration, SettingNames.Storage)
    ?? throw new InvalidOperationException($"{SettingNames.Storage} is not set: the pipeline needs its storage account"));
services.AddSingleton(_ => DeidentificationKeySetting.FromConfiguration(configuration));
services.AddSingleton(new StudyPipelineOptions(Path.Combine(Path.GetTempPath(), "hem-pipeline")));
services.AddInferenceClient(configuration);
services.AddResultEvents(configuration);

await builder.Build().RunAsync();
