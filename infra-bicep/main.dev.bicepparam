// Development: the smaller GPU, one replica, short retention, purge protection off so the vault can be purged.
// The two secrets come from the environment of the shell that deploys (never from a file):
//   export HEM_DEIDENTIFICATION_KEY="$(openssl rand -base64 32)" HEM_INFERENCE_API_KEY="$(openssl rand -hex 24)"
using 'main.bicep'

param environmentName = 'dev'
param gpuProfileType = 'Consumption-GPU-NC8as-T4'
param deidentificationKey = readEnvironmentVariable('HEM_DEIDENTIFICATION_KEY')
param inferenceApiKey = readEnvironmentVariable('HEM_INFERENCE_API_KEY')
param inferenceImage = readEnvironmentVariable('HEM_INFERENCE_IMAGE', '')
param deployEventSubscription = bool(readEnvironmentVariable('HEM_DEPLOY_EVENT_SUBSCRIPTION', 'false'))
param inferenceMaxReplicas = 1
param functionMaximumInstanceCount = 10
param workRetentionDays = 3
param blobSoftDeleteRetentionDays = 7
param enablePurgeProtection = false
param keyVaultSoftDeleteRetentionDays = 7
param logRetentionDays = 30
