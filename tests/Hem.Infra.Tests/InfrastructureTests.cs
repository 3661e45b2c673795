using System.Text.Json.Nodes;

namespace Hem.Infra.Tests;

/// <summary>
/// What each environment deploys, read from Bicep's snapshot of the compiled template with that environment's
/// parameters (every module's resources, loops unrolled, values resolved where they are known before deployment).
/// </summary>
public sealed class InfrastructureTests(InfraBuild infra)
{
    // Built-in role definitions (fixed ids across Azure).
    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    public static TheoryData<string> ParameterFiles() => [.. InfraBuild.ParameterFiles];

    public static TheoryData<string, string> RolesByParameterFile()
    {
        var data = new TheoryData<string, string>();
        foreach (string file in InfraBuild.ParameterFiles)
        {
            foreach (string role in new[] { StorageBlobDataOwner, StorageBlobDataContributor, StorageQueueDataContributor, StorageTableDataContributor, EventGridDataSender, AcrPull, KeyVaultSecretsUser })
            {
                data.Add(file, role);
            }
        }

        return data;
    }

    private List<JsonObject> Resources(string parameterFile) => Arm.Predicted(infra.Snapshot(parameterFile)).ToList();

    private static JsonObject Single(List<JsonObject> resources, string type) => Assert.Single(resources.OfType(type));

    private static JsonNode Properties(JsonObject resource) => resource["properties"]!;

    /// <summary>The properties of the one resource of a type.</summary>
    private JsonNode PropertiesOf(string parameterFile, string type) => Properties(Single(Resources(parameterFile), type));

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Storage_allows_no_public_blobs_no_shared_keys_and_only_TLS_1_2_over_HTTPS(string parameterFile)
    {
        var account = PropertiesOf(parameterFile, "Microsoft.Storage/storageAccounts");

        Assert.False(account["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.False(account["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", account["minimumTlsVersion"]!.GetValue<string>());
        Assert.True(account["supportsHttpsTrafficOnly"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Storage_has_the_pipeline_dead_letter_and_deployment_containers_all_private(string parameterFile)
    {
        var containers = Resources(parameterFile).OfType("Microsoft.Storage/storageAccounts/blobServices/containers").ToList();

        Assert.Equal(
            ["app-package", "deadletter", "incoming", "rejected", "results", "work"],
            containers.Select(Arm.LastNameSegment).Order(StringComparer.Ordinal));
        Assert.All(containers, c => Assert.Equal("None", Properties(c)["publicAccess"]!.GetValue<string>()));
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Blobs_have_soft_delete_container_soft_delete_and_versioning(string parameterFile)
    {
        var blobService = PropertiesOf(parameterFile, "Microsoft.Storage/storageAccounts/blobServices");

        Assert.True(blobService["isVersioningEnabled"]!.GetValue<bool>());
        Assert.True(blobService["deleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
        Assert.True(blobService["deleteRetentionPolicy"]!["days"]!.GetValue<int>() >= 1);
        Assert.True(blobService["containerDeleteRetentionPolicy"]!["enabled"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void A_lifecycle_rule_deletes_intermediates_under_work(string parameterFile)
    {
        var policy = PropertiesOf(parameterFile, "Microsoft.Storage/storageAccounts/managementPolicies");
        var rule = Assert.Single(policy["policy"]!["rules"]!.AsArray())!;

        Assert.True(rule["enabled"]!.GetValue<bool>());
        Assert.Equal(["work/"], rule["definition"]!["filters"]!["prefixMatch"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.True(rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]!.GetValue<int>() >= 1);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_function_app_runs_dotnet_isolated_10_on_Flex_Consumption_as_the_user_assigned_identity(string parameterFile)
    {
        var resources = Resources(parameterFile);
        var plan = Single(resources, "Microsoft.Web/serverfarms");
        var site = Single(resources, "Microsoft.Web/sites");
        var config = Properties(site)["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.Equal("UserAssigned", site["identity"]!["type"]!.GetValue<string>());
        Assert.Single(site["identity"]!["userAssignedIdentities"]!.AsObject());
        Assert.True(Properties(site)["httpsOnly"]!.GetValue<bool>());
        Assert.NotNull(Properties(site)["virtualNetworkSubnetId"]);
        Assert.NotNull(Properties(site)["keyVaultReferenceIdentity"]);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_function_app_uses_identity_based_storage_and_Key_Vault_references_never_an_account_key(string parameterFile)
    {
        var settings = Arm.AppSettings(Single(Resources(parameterFile), "Microsoft.Web/sites"));

        Assert.DoesNotContain("AzureWebJobsStorage", settings.Keys);
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]!.GetValue<string>());
        Assert.All(settings, s => Assert.DoesNotContain("AccountKey", s.Value?.ToJsonString() ?? string.Empty, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings["Hem__InferenceApiKey"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.StartsWith("[format('@Microsoft.KeyVault(SecretUri={0})'", settings["Hem__DeidentificationKey"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, settings["Hem__ResultTopicKey"]!.GetValue<string>());
        Assert.Equal("false", settings["Hem__Telemetry__Console"]!.GetValue<string>());
    }

    [Fact]
    public void No_storage_account_key_is_read_anywhere_in_the_compiled_template()
    {
        string template = infra.MainTemplate.ToJsonString();

        Assert.DoesNotContain("AccountKey", template, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"listKeys\([^\]]*Microsoft\.Storage/storageAccounts", template);
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Key_Vault_authorizes_with_RBAC_and_keeps_deleted_secrets(string parameterFile)
    {
        var vault = PropertiesOf(parameterFile, "Microsoft.KeyVault/vaults");

        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enableSoftDelete"]!.GetValue<bool>());
        Assert.Equal(
            ["deidentification-key", "inference-api-key"],
            Resources(parameterFile).OfType("Microsoft.KeyVault/vaults/secrets").Select(Arm.LastNameSegment).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Production_turns_purge_protection_on()
    {
        var vault = PropertiesOf("main.prod.bicepparam", "Microsoft.KeyVault/vaults");

        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(RolesByParameterFile))]
    public void Each_role_is_assigned_to_a_service_principal(string parameterFile, string roleDefinitionId)
    {
        var assignments = Resources(parameterFile).OfType("Microsoft.Authorization/roleAssignments")
            .Where(r => Properties(r)["roleDefinitionId"]!.GetValue<string>().Contains(roleDefinitionId, StringComparison.OrdinalIgnoreCase))
            .ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a =>
        {
            Assert.Equal("ServicePrincipal", Properties(a)["principalType"]!.GetValue<string>());
            Assert.StartsWith("[guid(", a["name"]!.GetValue<string>(), StringComparison.Ordinal);
        });
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Uploads_to_incoming_reach_the_intake_webhook_with_retries_and_dead_lettering(string parameterFile)
    {
        var resources = Resources(parameterFile);
        var systemTopic = Single(resources, "Microsoft.EventGrid/systemTopics");
        var subscription = Properties(Single(resources, "Microsoft.EventGrid/systemTopics/eventSubscriptions"));
        var deadLetter = subscription["deadLetterWithResourceIdentity"]!;

        Assert.Equal("Microsoft.Storage.StorageAccounts", Properties(systemTopic)["topicType"]!.GetValue<string>());
        Assert.Equal("SystemAssigned", systemTopic["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("EventGridSchema", subscription["eventDeliverySchema"]!.GetValue<string>());
        Assert.Equal("WebHook", subscription["destination"]!["endpointType"]!.GetValue<string>());
        Assert.Contains("/api/events?code=", subscription["destination"]!["properties"]!["endpointUrl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["Microsoft.Storage.BlobCreated"], subscription["filter"]!["includedEventTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("/blobServices/default/containers/incoming/", subscription["filter"]!["subjectBeginsWith"]!.GetValue<string>());
        Assert.True(subscription["retryPolicy"]!["maxDeliveryAttempts"]!.GetValue<int>() >= 1);
        Assert.True(subscription["retryPolicy"]!["eventTimeToLiveInMinutes"]!.GetValue<int>() >= 1);
        Assert.Equal("SystemAssigned", deadLetter["identity"]!["type"]!.GetValue<string>());
        Assert.Equal("StorageBlob", deadLetter["deadLetterDestination"]!["endpointType"]!.GetValue<string>());
        Assert.Equal("deadletter", deadLetter["deadLetterDestination"]!["properties"]!["blobContainerName"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_result_topic_takes_CloudEvents_with_identity_only(string parameterFile)
    {
        var topic = PropertiesOf(parameterFile, "Microsoft.EventGrid/topics");

        Assert.Equal("CloudEventSchemaV1_0", topic["inputSchema"]!.GetValue<string>());
        Assert.True(topic["disableLocalAuth"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_inference_app_runs_on_a_serverless_GPU_in_an_internal_environment_and_scales_to_zero(string parameterFile)
    {
        var resources = Resources(parameterFile);
        var environment = Properties(Single(resources, "Microsoft.App/managedEnvironments"));
        var app = Properties(Single(resources, "Microsoft.App/containerApps"));
        var profile = Assert.Single(
            environment["workloadProfiles"]!.AsArray(),
            p => p!["name"]!.GetValue<string>() == app["workloadProfileName"]!.GetValue<string>())!;

        Assert.True(environment["vnetConfiguration"]!["internal"]!.GetValue<bool>());
        Assert.Contains(profile["workloadProfileType"]!.GetValue<string>(), new[] { "Consumption-GPU-NC8as-T4", "Consumption-GPU-NC24-A100" });
        Assert.Equal(0, app["template"]!["scale"]!["minReplicas"]!.GetValue<int>());
        Assert.NotNull(Assert.Single(app["template"]!["scale"]!["rules"]!.AsArray())!["http"]);
        Assert.Equal(8080, app["configuration"]!["ingress"]!["targetPort"]!.GetValue<int>());
        Assert.False(app["configuration"]!["ingress"]!["allowInsecure"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void The_inference_app_has_health_probes_and_pulls_with_its_identity_not_a_password(string parameterFile)
    {
        var app = PropertiesOf(parameterFile, "Microsoft.App/containerApps");
        var container = Assert.Single(app["template"]!["containers"]!.AsArray())!;
        var probes = container["probes"]!.AsArray().ToDictionary(p => p!["type"]!.GetValue<string>(), p => p!["httpGet"]!);
        var registry = Assert.Single(app["configuration"]!["registries"]!.AsArray())!;

        Assert.Equal("/healthz", probes["Liveness"]["path"]!.GetValue<string>());
        Assert.Equal("/readyz", probes["Readiness"]["path"]!.GetValue<string>());
        Assert.All(probes.Values, p => Assert.Equal(8080, p["port"]!.GetValue<int>()));
        Assert.NotNull(registry["identity"]);
        Assert.Null(registry["passwordSecretRef"]);
        Assert.Null(registry["username"]);
        Assert.False(PropertiesOf(parameterFile, "Microsoft.ContainerRegistry/registries")["adminUserEnabled"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public void Azd_finds_the_two_services_by_their_tags(string parameterFile)
    {
        var resources = Resources(parameterFile);

        Assert.Equal("pipeline", Single(resources, "Microsoft.Web/sites")["tags"]!["azd-service-name"]!.GetValue<string>());
        Assert.Equal("inference", Single(resources, "Microsoft.App/containerApps")["tags"]!["azd-service-name"]!.GetValue<string>());
    }

    [Fact]
    public void The_deployment_outputs_the_endpoints_and_names_a_deployer_needs()
    {
        var outputs = infra.MainTemplate["outputs"]!.AsObject();

        Assert.Equal(
            ["AZURE_CONTAINER_REGISTRY_ENDPOINT", "functionAppUrl", "inferenceFqdn", "intakeWebhookUrl", "keyVaultUri", "resultTopicEndpoint", "storageAccountName"],
            outputs.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.DoesNotContain("code=", outputs["intakeWebhookUrl"]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
