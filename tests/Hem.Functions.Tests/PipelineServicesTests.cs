using Hem.Pipeline;
using Hem.Pipeline.Configuration;
using Hem.Pipeline.Intake;
using Hem.Pipeline.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Hem.Functions.Tests;

/// <summary>What the app registers is enough to build every function class and activity the app runs.</summary>
public sealed class PipelineServicesTests
{
    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddPipelineServices(configuration);
        return services.BuildServiceProvider();
    }

    private static Dictionary<string, string?> AllSettings() => new()
    {
        [SettingNames.Storage] = "UseDevelopmentStorage=true",
        [SettingNames.InferenceBaseUrl] = "http://127.0.0.1:5080/",
        [SettingNames.ResultTopicEndpoint] = "https://topic.westeurope-1.eventgrid.azure.net/api/events",
        [SettingNames.ResultTopicKey] = "key",
        [SettingNames.DeidentificationKey] = Convert.ToBase64String(new byte[32]),
    };

    [Fact]
    public void Every_activity_and_function_class_can_be_built_from_the_settings()
    {
        using var provider = Services(AllSettings());

        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<ValidateStudy>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<DeidentifyStudy>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<RecordStudyRun>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<PreprocessStudy>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<SegmentBaseline>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<PredictFollowup>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<PostprocessPrediction>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<WriteOutputs>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<RecordRejection>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<PublishResult>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<CleanUpWork>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<EventGridIntakeFunction>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<StudyStatusFunctions>(provider));
        Assert.StartsWith(Path.GetTempPath(), provider.GetRequiredService<StudyPipelineOptions>().WorkRoot, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_fails_the_activity_that_needs_it_not_the_intake()
    {
        var settings = AllSettings();
        settings.Remove(SettingNames.DeidentificationKey);
        using var provider = Services(settings);

        Assert.NotNull(provider.GetRequiredService<EventIntake>());
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<ValidateStudy>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<SegmentBaseline>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<WriteOutputs>(provider));
        Assert.Throws<Hem.Dicom.Deidentification.DeidentificationKeyException>(() => ActivatorUtilities.GetServiceOrCreateInstance<DeidentifyStudy>(provider));
        Assert.NotNull(ActivatorUtilities.GetServiceOrCreateInstance<PreprocessStudy>(provider));
    }
}
