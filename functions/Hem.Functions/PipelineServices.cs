using Hem.Pipeline.Configuration;
using Hem.Pipeline.Events;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Functions;

/// <summary>The services the functions and the pipeline's activities need (see <see cref="StudyPipelineRegistration"/>).</summary>
public static class PipelineServices
{
    /// <summary>The work root: each instance gets a folder under it on the worker that runs its activities.</summary>
    public static readonly string WorkRoot = Path.Combine(Path.GetTempPath(), "hem-pipeline");

    /// <summary>
    /// Intake, storage, the inference client, result events, the de-identification key, the activities' options and
    /// the clock. Settings are read when first used, so a missing one fails the step that needs it, not the host's start.
    /// </summary>
    public static IServiceCollection AddPipelineServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new EventIntake(new IntakeFilter()));
        services.AddSingleton(WebHookAbuseProtection.ForEventGrid());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => BlobServiceClientFactory.FromConfiguration(configuration, SettingNames.Storage)
            ?? throw new InvalidOperationException($"{SettingNames.Storage} is not set: the pipeline needs its storage account"));
        services.AddSingleton(_ => DeidentificationKeySetting.FromConfiguration(configuration));
        services.AddSingleton(new StudyPipelineOptions(WorkRoot));
        services.AddInferenceClient(configuration);
        services.AddResultEvents(configuration);
        return services;
    }
}
