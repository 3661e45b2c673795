// The Container Apps environment (internal: no public endpoint; Consumption and a serverless GPU workload profile)
// and the inference container app on the GPU profile, scaled to zero when idle.

@description('Azure region.')
param location string

@description('Tags for the environment.')
param tags object

@description('Tags for the inference app (azd finds it by azd-service-name).')
param appTags object

@description('Container Apps environment name.')
param environmentName string

@description('Inference container app name (at most 32 characters).')
@maxLength(32)
param appName string

@description('Log Analytics workspace for the environment logs.')
param workspaceName string

@description('Subnet of the environment (delegated to Microsoft.App/environments).')
param subnetId string

@description('Virtual network the private DNS zone is linked to.')
param vnetId string

@description('Serverless GPU workload profile.')
@allowed([
  'Consumption-GPU-NC8as-T4'
  'Consumption-GPU-NC24-A100'
])
param gpuProfileType string

@description('User-assigned identity (registry pulls and the Key Vault secret).')
param identityId string

@description('Registry login server.')
param registryServer string

@description('Image to run; empty runs a public placeholder until azd deploy (or az containerapp update) sets the real one.')
param image string

@description('Key Vault secret URI of the API key.')
param apiKeySecretUri string

@description('Replicas at most.')
@minValue(1)
param maxReplicas int

@description('Concurrent HTTP requests per replica before another replica is added.')
@minValue(1)
param concurrentRequests int

// The whole serverless GPU per replica: 8 vCPU and 56 GiB with a T4, 24 vCPU and 220 GiB with an A100.
var gpuResources = {
  'Consumption-GPU-NC8as-T4': {
    cpu: 8
    memory: '56Gi'
  }
  'Consumption-GPU-NC24-A100': {
    cpu: 24
    memory: '220Gi'
  }
}

var gpuProfileName = 'gpu'
var apiKeySecretName = 'inference-api-key'
var port = 8080

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' existing = {
  name: workspaceName
}

resource environment 'Microsoft.App/managedEnvironments@2025-07-01' = {
  name: environmentName
  location: location
  tags: tags
  properties: {
    vnetConfiguration: {
      infrastructureSubnetId: subnetId
      internal: true
    }
    workloadProfiles: [
      {
        name: 'Consumption'
        workloadProfileType: 'Consumption'
      }
      {
        name: gpuProfileName
        workloadProfileType: gpuProfileType
      }
    ]
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: workspace.properties.customerId
        sharedKey: workspace.listKeys().primarySharedKey
      }
    }
    zoneRedundant: false
  }
}

module dns 'privateDns.bicep' = {
  name: 'inference-private-dns'
  params: {
    tags: tags
    zoneName: environment.properties.defaultDomain
    staticIp: environment.properties.staticIp
    vnetId: vnetId
  }
}

resource app 'Microsoft.App/containerApps@2025-07-01' = {
  name: appName
  location: location
  tags: appTags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    environmentId: environment.id
    workloadProfileName: gpuProfileName
    configuration: {
      activeRevisionsMode: 'Single'
      ingress: {
        // In an internal environment "external" means the environment's private load balancer, reachable from the
        // virtual network (the Function app's integration subnet) and never from the internet; "internal" would
        // limit callers to apps inside this environment, which the Function app is not.
        external: true
        targetPort: port
        transport: 'http'
        allowInsecure: false
      }
      registries: [
        {
          server: registryServer
          identity: identityId
        }
      ]
      secrets: [
        {
          name: apiKeySecretName
          keyVaultUrl: apiKeySecretUri
          identity: identityId
        }
      ]
    }
    template: {
      containers: [
        {
          name: 'inference'
          image: empty(image) ? 'mcr.microsoft.com/k8se/quickstart:latest' : image
          resources: gpuResources[gpuProfileType]
          env: [
            {
              name: 'Inference__Authentication'
              value: 'ApiKey'
            }
            {
              name: 'Inference__ApiKey'
              secretRef: apiKeySecretName
            }
            {
              name: 'Inference__ExecutionProvider'
              value: 'Cuda'
            }
          ]
          probes: [
            {
              type: 'Startup'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 30
            }
            {
              type: 'Liveness'
              httpGet: {
                path: '/healthz'
                port: port
              }
              periodSeconds: 30
              failureThreshold: 3
            }
            {
              type: 'Readiness'
              httpGet: {
                path: '/readyz'
                port: port
              }
              periodSeconds: 10
              failureThreshold: 3
            }
          ]
        }
      ]
      scale: {
        minReplicas: 0
        maxReplicas: maxReplicas
        rules: [
          {
            name: 'http-requests'
            http: {
              metadata: {
                concurrentRequests: string(concurrentRequests)
              }
            }
          }
        ]
      }
    }
  }
  dependsOn: [
    dns
  ]
}

output fqdn string = app.properties.configuration.ingress.fqdn
output name string = app.name
