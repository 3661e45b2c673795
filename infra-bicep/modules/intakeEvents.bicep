// Blob uploads to incoming/ start the pipeline: an Event Grid system topic on the storage account and a webhook
// subscription to the Function app's intake (POST /api/events, Event Grid schema), with retries and dead-lettering
// to a container through the system topic's own identity.

@description('Azure region (the storage account region).')
param location string

@description('Tags for every resource.')
param tags object

@description('System topic name.')
param name string

@description('Storage account whose blob events are watched.')
param storageAccountName string

@description('Container dead-lettered events are written to.')
param deadLetterContainerName string

@description('Create the subscription. Event Grid validates a webhook when the subscription is created, so the Function app code must be deployed and running first.')
param deploySubscription bool

@description('Function app whose intake receives the events.')
param functionAppName string

@description('Delivery attempts before an event is dead-lettered.')
@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int

@description('Minutes Event Grid keeps retrying an event before it is dead-lettered.')
@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int

// Storage Blob Data Contributor (built-in role)
var deadLetterRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' existing = {
  name: storageAccountName
}

resource site 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The system topic writes dead-lettered events with its own identity.
resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, systemTopic.id, deadLetterRoleId)
  scope: storage
  properties: {
    principalId: systemTopic.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', deadLetterRoleId)
  }
}

resource intake 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = if (deploySubscription) {
  parent: systemTopic
  name: 'pipeline-intake'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        // The intake is an HTTP function at function key level: the host's default function key. (listKeys on the
        // resource id: Bicep has no types for Microsoft.Web/sites/host, so an existing resource of it would warn.)
        endpointUrl: 'https://${site.properties.defaultHostName}/api/events?code=${listKeys('${site.id}/host/default', '2025-03-01').functionKeys.default}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/incoming/'
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: storage.id
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
  dependsOn: [
    deadLetterWriter
  ]
}
