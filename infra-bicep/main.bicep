// HemFunctions on Azure: the pipeline's Function app (Flex Consumption), its storage and events, the GPU inference
// container app, Key Vault, registry, monitoring and the network between them. See README.md in this folder.
targetScope = 'resourceGroup'

@description('Environment name (dev, prod, or an azd environment name); part of resource names and the azd-env-name tag.')
@minLength(1)
@maxLength(16)
param environmentName string

@description('Azure region; it must offer Container Apps serverless GPUs of the chosen type.')
param location string = resourceGroup().location

@description('Short name the resource names start with: lowercase letters and digits only (it is part of the storage account and registry names).')
@minLength(2)
@maxLength(8)
param baseName string = 'hem'

@description('Serverless GPU workload profile of the inference app.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string = 'Consumption-GPU-NC8as-T4'

@description('The de-identification key: base64 of at least 32 random bytes (openssl rand -base64 32). Stored in Key Vault.')
@secure()
param deidentificationKey string

@description('The inference service API key, at least 16 characters (openssl rand -hex 24). Stored in Key Vault.')
@secure()
param inferenceApiKey string

@description('Inference image (registry/repository:tag); empty runs a placeholder until the image is deployed.')
param inferenceImage string = ''

@description('Inference replicas at most (each is one whole serverless GPU).')
@minValue(1)
@maxValue(10)
param inferenceMaxReplicas int = 1

@description('Concurrent requests per inference replica before another is started.')
@minValue(1)
param inferenceConcurrentRequests int = 2

@description('Function app instances at most.')
@minValue(1)
@maxValue(1000)
param functionMaximumInstanceCount int = 40

@description('Memory per Function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param functionInstanceMemoryMB int = 4096

@description('Studies a backfill runs at once when its request does not say; the inference service\'s capacity (inferenceMaxReplicas x inferenceConcurrentRequests) is the real limit.')
@minValue(1)
@maxValue(64)
param backfillMaxConcurrency int = 2

@description('Create the Event Grid subscription that sends incoming/ uploads to the intake webhook. Event Grid validates the webhook when it creates the subscription, so deploy the Function app code first, then deploy again with true.')
param deployEventSubscription bool = false

@description('Event Grid delivery attempts before an intake event is dead-lettered.')
@minValue(1)
@maxValue(30)
param eventMaxDeliveryAttempts int = 30

@description('Minutes Event Grid retries an intake event before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int = 1440

@description('Webhook URL of an example result-event subscriber (CloudEvents delivery); empty creates none.')
@secure()
param resultSubscriberWebhookUrl string = ''

@description('Days after their last change that intermediates under work/ are deleted.')
@minValue(1)
param workRetentionDays int = 7

@description('Days deleted blobs and containers can be restored.')
@minValue(1)
@maxValue(365)
param blobSoftDeleteRetentionDays int = 14

@description('Key Vault purge protection (cannot be turned off again once on).')
param enablePurgeProtection bool = true

@description('Days a deleted Key Vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param keyVaultSoftDeleteRetentionDays int = 90

@description('Days Log Analytics keeps data.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Container registry SKU.')
@allowed([
  'Basic'
  'Standard'
  'Premium'
])
param registrySku string = 'Basic'

@description('Address space of the virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet of the Container Apps environment.')
param containerAppsSubnetPrefix string = '10.40.0.0/23'

@description('Subnet the Function app integrates with.')
param functionSubnetPrefix string = '10.40.2.0/24'

var token = uniqueString(subscription().id, resourceGroup().id, environmentName)
// Resource names take lowercase letters, digits and hyphens; azd environment names may also hold capitals and '_'.
var environmentSlug = toLower(replace(environmentName, '_', '-'))
var prefix = '${baseName}-${environmentSlug}'
var tags = {
  'azd-env-name': environmentName
  application: 'hemfunctions'
}
var deadLetterContainerName = 'deadletter'
var deploymentContainerName = 'app-package'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: 'id-${prefix}'
  location: location
  tags: tags
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    tags: tags
    workspaceName: 'log-${prefix}'
    appInsightsName: 'appi-${prefix}'
    retentionInDays: logRetentionDays
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    tags: tags
    namePrefix: prefix
    addressPrefix: vnetAddressPrefix
    containerAppsSubnetPrefix: containerAppsSubnetPrefix
    functionSubnetPrefix: functionSubnetPrefix
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    tags: tags
    name: take('st${baseName}${token}', 24)
    deploymentContainerName: deploymentContainerName
    deadLetterContainerName: deadLetterContainerName
    workRetentionDays: workRetentionDays
    softDeleteRetentionDays: blobSoftDeleteRetentionDays
    appPrincipalId: identity.properties.principalId
  }
}

module keyVault 'modules/keyVault.bicep' = {
  name: 'key-vault'
  params: {
    location: location
    tags: tags
    name: take('kv-${baseName}-${token}', 24)
    enablePurgeProtection: enablePurgeProtection
    softDeleteRetentionInDays: keyVaultSoftDeleteRetentionDays
    deidentificationKey: deidentificationKey
    inferenceApiKey: inferenceApiKey
    appPrincipalId: identity.properties.principalId
  }
}

module registry 'modules/registry.bicep' = {
  name: 'registry'
  params: {
    location: location
    tags: tags
    name: 'cr${baseName}${token}'
    sku: registrySku
    pullPrincipalId: identity.properties.principalId
  }
}

module inference 'modules/inference.bicep' = {
  name: 'inference'
  params: {
    location: location
    tags: tags
    appTags: union(tags, { 'azd-service-name': 'inference' })
    environmentName: 'cae-${prefix}'
    appName: 'ca-${baseName}-inf-${environmentSlug}'
    workspaceName: monitoring.outputs.workspaceName
    subnetId: network.outputs.containerAppsSubnetId
    vnetId: network.outputs.vnetId
    gpuProfileType: gpuProfileType
    identityId: identity.id
    // Module outputs, so the app waits for the AcrPull and Key Vault Secrets User assignments in those modules.
    registryServer: registry.outputs.loginServer
    apiKeySecretUri: keyVault.outputs.inferenceApiKeySecretUri
    image: inferenceImage
    maxReplicas: inferenceMaxReplicas
    concurrentRequests: inferenceConcurrentRequests
  }
}

module resultTopic 'modules/resultTopic.bicep' = {
  name: 'result-topic'
  params: {
    location: location
    tags: tags
    name: 'evgt-${prefix}-results'
    publisherPrincipalId: identity.properties.principalId
    subscriberWebhookUrl: resultSubscriberWebhookUrl
  }
}

module functionApp 'modules/functionApp.bicep' = {
  name: 'function-app'
  params: {
    location: location
    tags: tags
    appTags: union(tags, { 'azd-service-name': 'pipeline' })
    name: 'func-${prefix}-${token}'
    planName: 'asp-${prefix}'
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    identityId: identity.id
    identityClientId: identity.properties.clientId
    subnetId: network.outputs.functionSubnetId
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    inferenceBaseUrl: 'https://${inference.outputs.fqdn}/'
    resultTopicEndpoint: resultTopic.outputs.endpoint
    inferenceApiKeySecretUri: keyVault.outputs.inferenceApiKeySecretUri
    deidentificationKeySecretUri: keyVault.outputs.deidentificationKeySecretUri
    maximumInstanceCount: functionMaximumInstanceCount
    instanceMemoryMB: functionInstanceMemoryMB
    backfillMaxConcurrency: backfillMaxConcurrency
  }
}

module intakeEvents 'modules/intakeEvents.bicep' = {
  name: 'intake-events'
  params: {
    location: location
    tags: tags
    name: 'evgst-${prefix}-storage'
    storageAccountName: storage.outputs.name
    deadLetterContainerName: deadLetterContainerName
    deploySubscription: deployEventSubscription
    functionAppName: functionApp.outputs.name
    maxDeliveryAttempts: eventMaxDeliveryAttempts
    eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
  }
}

@description('The Function app base URL.')
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'

@description('The Event Grid intake webhook, without its function key (?code=...).')
output intakeWebhookUrl string = 'https://${functionApp.outputs.defaultHostName}/api/events'

@description('The storage account (upload studies to its incoming container).')
output storageAccountName string = storage.outputs.name

@description('The result events topic endpoint (Hem__ResultTopicEndpoint).')
output resultTopicEndpoint string = resultTopic.outputs.endpoint

@description('The inference app FQDN (reachable from the virtual network only).')
output inferenceFqdn string = inference.outputs.fqdn

@description('The registry login server; azd pushes the inference image here (azd reads this output name).')
output AZURE_CONTAINER_REGISTRY_ENDPOINT string = registry.outputs.loginServer

@description('The Key Vault URI.')
output keyVaultUri string = keyVault.outputs.uri
