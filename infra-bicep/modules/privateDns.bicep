// Name resolution for an internal Container Apps environment: a private zone named after the environment's default
// domain, a wildcard record to its internal load balancer, linked to the virtual network the Function app uses.

@description('Tags for every resource.')
param tags object

@description('The environment default domain (the zone name).')
param zoneName string

@description('The environment internal static IP.')
param staticIp string

@description('Virtual network to link the zone to.')
param vnetId string

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = {
  name: zoneName
  location: 'global'
  tags: tags
}

resource wildcard 'Microsoft.Network/privateDnsZones/A@2024-06-01' = {
  parent: zone
  name: '*'
  properties: {
    ttl: 300
    aRecords: [
      {
        ipv4Address: staticIp
      }
    ]
  }
}

resource link 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = {
  parent: zone
  name: 'vnet-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnetId
    }
  }
}
