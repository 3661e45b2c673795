// The parameters azd uses (azd provision / azd up look for main.bicepparam beside main.bicep). azd puts its
// environment's values (.azure/<env>/.env, azd env set) in the environment this file is built in.
//   azd env set HEM_DEIDENTIFICATION_KEY "$(openssl rand -base64 32)"
//   azd env set HEM_INFERENCE_API_KEY "$(openssl rand -hex 24)"
// SERVICE_INFERENCE_IMAGE_NAME is set by azd deploy, so a later provision keeps the deployed image.
using 'main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')
param deidentificationKey = readEnvironmentVariable('HEM_DEIDENTIFICATION_KEY')
param inferenceApiKey = readEnvironmentVariable('HEM_INFERENCE_API_KEY')
param inferenceImage = readEnvironmentVariable('SERVICE_INFERENCE_IMAGE_NAME', '')
param gpuProfileType = readEnvironmentVariable('HEM_GPU_PROFILE_TYPE', 'Consumption-GPU-NC8as-T4')
param deployEventSubscription = bool(readEnvironmentVariable('HEM_DEPLOY_EVENT_SUBSCRIPTION', 'false'))
