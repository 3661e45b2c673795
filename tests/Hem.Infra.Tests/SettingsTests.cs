using System.Reflection;
using System.Text.Json.Nodes;
using Hem.Pipeline.Configuration;
using Hem.Testing;

namespace Hem.Infra.Tests;

/// <summary>
/// Every setting the code reads is set in Azure: the constants of <see cref="SettingNames"/> (found by reflection, so
/// a new constant fails here until the Bicep sets it) and the keys of local.settings.sample.json are app settings of
/// the Function app in the compiled template; the inference app gets its key and authentication mode.
/// </summary>
public sealed class SettingsTests(InfraBuild infra)
{
    /// <summary>AzureWebJobsStorage is set in its identity-based form: service URIs, credential and client id.</summary>
    public static readonly string[] IdentityBasedStorage =
    [
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
    ];

    /// <summary>
    /// On Flex Consumption the worker runtime is functionAppConfig.runtime, and FUNCTIONS_WORKER_RUNTIME is not an
    /// allowed app setting; infra-bicep/README.md says so too.
    /// </summary>
    public const string WorkerRuntime = "FUNCTIONS_WORKER_RUNTIME";

    /// <summary>The values of SettingNames' public string constants.</summary>
    public static IReadOnlyList<string> SettingNamesValues { get; } =
        typeof(SettingNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

    public static TheoryData<string> SettingNamesConstants() => [.. SettingNamesValues];

    public static TheoryData<string> SampleSettings() =>
    [
        .. InfraBuild.ReadJson(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json"))["Values"]!.AsObject().Select(v => v.Key),
    ];

    private JsonObject FunctionApp => Assert.Single(Arm.Resources(infra.MainTemplate).OfType("Microsoft.Web/sites"));

    private Dictionary<string, JsonNode?> AppSettings => Arm.AppSettings(FunctionApp);

    private void AssertSet(string environmentName)
    {
        var settings = AppSettings;
        if (environmentName == SettingNames.Storage)
        {
            Assert.DoesNotContain(SettingNames.Storage, settings.Keys);   // a connection string would carry an account key
            Assert.All(IdentityBasedStorage, key => Assert.Contains(key, settings.Keys));
            return;
        }

        Assert.True(settings.ContainsKey(environmentName), $"{environmentName} is not an app setting of the Function app in infra-bicep");
    }

    [Fact]
    public void SettingNames_has_the_constants_this_test_enumerates()
    {
        Assert.Contains(SettingNames.InferenceBaseUrl, SettingNamesValues);
        Assert.Contains(SettingNames.Storage, SettingNamesValues);
    }

    [Theory]
    [MemberData(nameof(SettingNamesConstants))]
    public void Every_setting_the_pipeline_reads_is_an_app_setting(string setting)
    {
        AssertSet(setting.Replace(":", "__", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SampleSettings))]
    public void Every_sample_setting_is_an_app_setting_but_the_worker_runtime_is_the_Flex_runtime(string setting)
    {
        if (setting == WorkerRuntime)
        {
            Assert.DoesNotContain(WorkerRuntime, AppSettings.Keys);
            Assert.Equal("dotnet-isolated", FunctionApp["properties"]!["functionAppConfig"]!["runtime"]!["name"]!.GetValue<string>());
            return;
        }

        AssertSet(setting);
    }

    [Fact]
    public void The_user_assigned_identity_is_named_for_every_credential_the_app_builds()
    {
        var settings = AppSettings;

        // BlobServiceClientFactory reads AzureWebJobsStorage:clientId; DefaultAzureCredential without options (the
        // result event publisher) reads AZURE_CLIENT_ID.
        Assert.Equal(settings["AzureWebJobsStorage__clientId"]!.ToJsonString(), settings["AZURE_CLIENT_ID"]!.ToJsonString());
    }

    [Fact]
    public void The_inference_app_gets_its_API_key_from_a_Key_Vault_secret_and_requires_it()
    {
        var app = Assert.Single(Arm.Resources(infra.MainTemplate).OfType("Microsoft.App/containerApps"))["properties"]!;
        var env = Assert.Single(app["template"]!["containers"]!.AsArray())!["env"]!.AsArray()
            .ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!.AsObject());
        string secretName = env["Inference__ApiKey"]["secretRef"]!.GetValue<string>();
        var secret = Assert.Single(app["configuration"]!["secrets"]!.AsArray(), s => s!["name"]!.GetValue<string>() == secretName)!;

        Assert.Null(env["Inference__ApiKey"]["value"]);
        Assert.Equal("ApiKey", env["Inference__Authentication"]["value"]!.GetValue<string>());
        Assert.Equal("Cuda", env["Inference__ExecutionProvider"]["value"]!.GetValue<string>());
        Assert.NotNull(secret["keyVaultUrl"]);
        Assert.NotNull(secret["identity"]);
        Assert.Null(secret["value"]);
    }
}
