// Key Vault (RBAC authorization) holding the pipeline's two secrets; the app identity may read them.

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Key Vault name (3-24 characters).')
@minLength(3)
@maxLength(24)
param name string

@description('Turn on purge protection. Once on it cannot be turned off, and the vault name stays taken for the retention period after deletion.')
param enablePurgeProtection bool

@description('Days a deleted vault or secret can be recovered.')
@minValue(7)
@maxValue(90)
param softDeleteRetentionInDays int

@description('The de-identification key: base64 of at least 32 random bytes (Hem__DeidentificationKey).')
@secure()
param deidentificationKey string

@description('The inference service API key, at least 16 characters (Inference__ApiKey and Hem__InferenceApiKey).')
@secure()
param inferenceApiKey string

@description('Principal (the app identity) allowed to read the secrets.')
param appPrincipalId string

// Key Vault Secrets User (built-in role)
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: softDeleteRetentionInDays
    // The service refuses false: purge protection is either on or absent.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource deidentificationKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'deidentification-key'
  properties: {
    value: deidentificationKey
    contentType: 'base64'
  }
}

resource inferenceApiKeySecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = {
  parent: vault
  name: 'inference-api-key'
  properties: {
    value: inferenceApiKey
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, appPrincipalId, secretsUserRoleId)
  scope: vault
  properties: {
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
  }
}

output uri string = vault.properties.vaultUri
// Versionless URIs: a new secret version is picked up without a redeployment.
output deidentificationKeySecretUri string = deidentificationKeySecret.properties.secretUri
output inferenceApiKeySecretUri string = inferenceApiKeySecret.properties.secretUri
