// The virtual network the Function app and the Container Apps environment share: the Function app reaches the
// internal (VNet-only) inference app through its integration subnet. Both subnets are delegated to
// Microsoft.App/environments (a Container Apps workload-profiles environment and Flex Consumption VNet integration
// both require that delegation), and both leave to the internet through one NAT gateway, an explicit outbound path
// (storage, Event Grid, Key Vault, the registry and Application Insights are reached on their public endpoints).

@description('Azure region.')
param location string

@description('Tags for every resource.')
param tags object

@description('Name prefix of the network resources.')
param namePrefix string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Subnet of the Container Apps environment (at least /27 for a workload-profiles environment).')
param containerAppsSubnetPrefix string

@description('Subnet the Function app integrates with.')
param functionSubnetPrefix string

resource publicIp 'Microsoft.Network/publicIPAddresses@2025-05-01' = {
  name: '${namePrefix}-nat-ip'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
  }
}

resource natGateway 'Microsoft.Network/natGateways@2025-05-01' = {
  name: '${namePrefix}-nat'
  location: location
  tags: tags
  sku: {
    name: 'Standard'
  }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [
      {
        id: publicIp.id
      }
    ]
  }
}

var appEnvironmentsDelegation = [
  {
    name: 'Microsoft.App.environments'
    properties: {
      serviceName: 'Microsoft.App/environments'
    }
  }
]

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'container-apps'
        properties: {
          addressPrefix: containerAppsSubnetPrefix
          delegations: appEnvironmentsDelegation
          natGateway: {
            id: natGateway.id
          }
        }
      }
      {
        name: 'function-app'
        properties: {
          addressPrefix: functionSubnetPrefix
          delegations: appEnvironmentsDelegation
          natGateway: {
            id: natGateway.id
          }
        }
      }
    ]
  }
}

output vnetId string = vnet.id
output containerAppsSubnetId string = vnet.properties.subnets[0].id
output functionSubnetId string = vnet.properties.subnets[1].id
