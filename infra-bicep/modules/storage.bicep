// The pipeline's storage account: identity-only access (no shared keys), the pipeline's containers, the Flex
// Consumption deployment container, blob and container soft delete, versioning, and a lifecycle rule that deletes
// intermediates under work/.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Container the Flex Consumption app is deployed from.')
param deploymentContainerName string

@description('Container Event Grid dead-letters undeliverable events to.')
param deadLetterContainerName string

@description('Days after their last change that blobs under work/ are deleted.')
@minValue(1)
param workRetentionDays int

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int

@description('Principal (the app identity) given blob, queue and table data access for AzureWebJobsStorage and the Durable task hub.')
param appPrincipalId string

// incoming: uploads (Event Grid starts a run); work: intermediates; results: outputs; rejected: reasons.
var pipelineContainers = [
  'incoming'
  'work'
  'results'
  'rejected'
]

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    allowCrossTenantReplication: false
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    // Versioning is an account-wide setting in Azure: it applies to every container, not only to results/.
    isVersioningEnabled: true
    deleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
    containerDeleteRetentionPolicy: {
      enabled: true
      days: softDeleteRetentionDays
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for container in concat(pipelineContainers, [deadLetterContainerName, deploymentContainerName]): {
    parent: blobService
    name: container
    properties: {
      publicAccess: 'None'
    }
  }
]

resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2025-06-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-work-intermediates'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              // A prefix match starts with the container name.
              prefixMatch: [
                'work/'
              ]
            }
            actions: {
              baseBlob: {
                delete: {
                  daysAfterModificationGreaterThan: workRetentionDays
                }
              }
              // With versioning on, overwritten intermediates leave versions behind: delete those too.
              version: {
                delete: {
                  daysAfterCreationGreaterThan: workRetentionDays
                }
              }
              snapshot: {
                delete: {
                  daysAfterCreationGreaterThan: workRetentionDays
                }
              }
            }
          }
        }
      ]
    }
  }
  dependsOn: [
    containers
  ]
}

// The Functions host (AzureWebJobsStorage, its keys and locks), the Durable task hub (queues, tables, blobs) and the
// pipeline's own blob access. Storage Blob Data Owner is what the Functions host documents for identity-based
// AzureWebJobsStorage; Queue and Table Data Contributor are what the Durable Functions Azure Storage backend needs.
resource appRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in [
    'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // Storage Blob Data Owner
    '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // Storage Queue Data Contributor
    '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Storage Table Data Contributor
  ]: {
    name: guid(account.id, appPrincipalId, roleId)
    scope: account
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId)
    }
  }
]

output name string = account.name
output id string = account.id
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
