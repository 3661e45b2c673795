using Hem.Pipeline.Configuration;
using Hem.Pipeline.Events;
using Hem.Pipeline.Inference;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Hem.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Pipeline;

/// <summary>
/// The services the pipeline's hosts share (the Functions app and the local host): intake, storage, the inference
/// client, result events, the de-identification key, the activities' options, the run index and the clock. The host
/// adds logging and its Durable Task worker and client (<see cref="StudyPipelineRegistration"/>).
/// </summary>
public static class PipelineServices
{
    /// <summary>The default scratch root: each activity run gets a folder under it on the worker that runs it.</summary>
    public static readonly string DefaultWorkRoot = Path.Combine(Path.GetTempPath(), "hem-pipeline");

    /// <summary>
    /// Registers the shared services. Settings are read when first used, so a missing one fails the step that needs
    /// it, not the host's start.
    /// </summary>
    public static IServiceCollection AddPipelineServices(this IServiceCollection services, IConfiguration configuration, string? workRoot = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(new EventIntake(new IntakeFilter()));
        services.AddSingleton<IntakeHandler>();
        services.AddSingleton(WebHookAbuseProtection.ForEventGrid());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => BlobServiceClientFactory.FromConfiguration(configuration, SettingNames.Storage)
            ?? throw new InvalidOperationException($"{SettingNames.Storage} is not set: the pipeline needs its storage account"));
        services.AddSingleton(_ => DeidentificationKeySetting.FromConfiguration(configuration));
        services.AddSingleton(new StudyPipelineOptions(workRoot ?? DefaultWorkRoot));
        services.AddSingleton<StudyRunIndex>();
        services.AddSingleton<StudyRuns>();
        services.AddSingleton(_ => Backfill.BackfillSettings.FromConfiguration(configuration));
        services.AddSingleton<Backfill.BackfillRuns>();
        services.AddInferenceClient(configuration);
        services.AddResultEvents(configuration);
        return services;
    }
}
