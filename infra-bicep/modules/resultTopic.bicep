// The Event Grid topic result events are published to (CloudEvents 1.0, docs/EVENTS.md): identity-only publishing,
// the app identity as EventGrid Data Sender, and optionally an example webhook subscription.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Topic name.')
param name string

@description('Principal (the app identity) allowed to publish.')
param publisherPrincipalId string

@description('Webhook URL of an example subscriber (CloudEvents delivery, it must answer the CloudEvents handshake); empty creates no subscription.')
@secure()
param subscriberWebhookUrl string

// EventGrid Data Sender (built-in role)
var dataSenderRoleId = 'd5a91429-5739-47e2-a06b-3470a27159e7'

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    // No access keys: publishers authenticate with Entra ID.
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource dataSender 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, publisherPrincipalId, dataSenderRoleId)
  scope: topic
  properties: {
    principalId: publisherPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', dataSenderRoleId)
  }
}

resource exampleSubscription 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = if (!empty(subscriberWebhookUrl)) {
  parent: topic
  name: 'example-subscriber'
  properties: {
    eventDeliverySchema: 'CloudEventSchemaV1_0'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: subscriberWebhookUrl
      }
    }
    filter: {
      includedEventTypes: [
        'Hem.Prediction.Completed'
        'Hem.Prediction.Failed'
        'Hem.Study.Rejected'
        'Hem.Backfill.Completed'
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output endpoint string = topic.properties.endpoint
