// Production: purge protection on, longer soft delete and log retention, more replicas.
// The two secrets come from the environment of the shell (or pipeline) that deploys (never from a file):
//   HEM_DEIDENTIFICATION_KEY (base64 of at least 32 random bytes; keep it: pseudonyms and study keys derive from it)
//   HEM_INFERENCE_API_KEY (at least 16 characters)
using 'main.bicep'

param environmentName = 'prod'
param gpuProfileType = 'Consumption-GPU-NC8as-T4'
param deidentificationKey = readEnvironmentVariable('HEM_DEIDENTIFICATION_KEY')
param inferenceApiKey = readEnvironmentVariable('HEM_INFERENCE_API_KEY')
param inferenceImage = readEnvironmentVariable('HEM_INFERENCE_IMAGE', '')
param deployEventSubscription = bool(readEnvironmentVariable('HEM_DEPLOY_EVENT_SUBSCRIPTION', 'false'))
param inferenceMaxReplicas = 3
param functionMaximumInstanceCount = 40
param workRetentionDays = 7
param blobSoftDeleteRetentionDays = 30
param enablePurgeProtection = true
param keyVaultSoftDeleteRetentionDays = 90
param logRetentionDays = 90
