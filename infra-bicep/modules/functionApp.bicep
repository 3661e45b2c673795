// The pipeline's Function app on Flex Consumption: .NET isolated worker, user-assigned identity, identity-based
// AzureWebJobsStorage, VNet integration (to reach the internal inference app), and every setting the pipeline reads.

@description('Azure region.')
param location string

@description('Tags for the plan.')
param tags object

@description('Tags for the app (azd finds it by azd-service-name).')
param appTags object

@description('Function app name.')
param name string

@description('Flex Consumption plan name.')
param planName string

@description('Storage account of AzureWebJobsStorage, the pipeline containers and the deployment container.')
param storageAccountName string

@description('Container the app package is deployed to.')
param deploymentContainerName string

@description('User-assigned identity resource id.')
param identityId string

@description('User-assigned identity client id.')
param identityClientId string

@description('Subnet the app integrates with (delegated to Microsoft.App/environments).')
param subnetId string

@description('Application Insights connection string.')
param appInsightsConnectionString string

@description('Base URL of the inference service.')
param inferenceBaseUrl string

@description('Endpoint of the result events topic.')
param resultTopicEndpoint string

@description('Key Vault secret URI of the inference API key.')
param inferenceApiKeySecretUri string

@description('Key Vault secret URI of the de-identification key.')
param deidentificationKeySecretUri string

@description('Studies a backfill runs at once when its request does not say (Hem__Backfill__MaxConcurrency).')
@minValue(1)
@maxValue(64)
param backfillMaxConcurrency int

@description('Instances at most.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: appTags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    publicNetworkAccess: 'Enabled'
    virtualNetworkSubnetId: subnetId
    // Key Vault references in the app settings resolve with the user-assigned identity.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      // Flex Consumption takes the worker runtime here: FUNCTIONS_WORKER_RUNTIME is not an app setting on this plan.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      // Every key of local.settings.sample.json (but FUNCTIONS_WORKER_RUNTIME, see above), AzureWebJobsStorage in its
      // identity-based form; tests/Hem.Infra.Tests checks this list against SettingNames and the sample file.
      appSettings: [
        {
          name: 'AzureWebJobsStorage__blobServiceUri'
          value: storage.properties.primaryEndpoints.blob
        }
        {
          name: 'AzureWebJobsStorage__queueServiceUri'
          value: storage.properties.primaryEndpoints.queue
        }
        {
          name: 'AzureWebJobsStorage__tableServiceUri'
          value: storage.properties.primaryEndpoints.table
        }
        {
          name: 'AzureWebJobsStorage__credential'
          value: 'managedidentity'
        }
        {
          name: 'AzureWebJobsStorage__clientId'
          value: identityClientId
        }
        {
          // DefaultAzureCredential without options (the result event publisher) picks the user-assigned identity by it.
          name: 'AZURE_CLIENT_ID'
          value: identityClientId
        }
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsightsConnectionString
        }
        {
          name: 'Hem__InferenceBaseUrl'
          value: inferenceBaseUrl
        }
        {
          name: 'Hem__InferenceApiKey'
          value: '@Microsoft.KeyVault(SecretUri=${inferenceApiKeySecretUri})'
        }
        {
          name: 'Hem__ResultTopicEndpoint'
          value: resultTopicEndpoint
        }
        {
          // Empty: the publisher uses the managed identity, which holds EventGrid Data Sender on the topic.
          name: 'Hem__ResultTopicKey'
          value: ''
        }
        {
          name: 'Hem__DeidentificationKey'
          value: '@Microsoft.KeyVault(SecretUri=${deidentificationKeySecretUri})'
        }
        {
          name: 'Hem__Backfill__MaxConcurrency'
          value: string(backfillMaxConcurrency)
        }
        {
          name: 'Hem__Telemetry__Console'
          value: 'false'
        }
      ]
    }
  }
}

output name string = site.name
output defaultHostName string = site.properties.defaultHostName
