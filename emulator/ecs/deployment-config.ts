// A service's deploymentConfiguration: read from CreateService/UpdateService, and shown as ECS shows it.
import { AwsError } from '../errors.js'
import { optBool, optNumber, optObject, type Json } from './input.js'
import type { DeploymentConfig } from './state.js'

/** The configuration `raw` asks for, on top of the service's current one (or ECS's defaults). */
export function deploymentConfig(raw: Json | undefined, current?: DeploymentConfig): DeploymentConfig {
  const config: DeploymentConfig = current
    ? { ...current, circuitBreaker: { ...current.circuitBreaker }, extra: { ...current.extra } }
    : {
        maximumPercent: 200,
        minimumHealthyPercent: 100,
        circuitBreaker: { enable: false, rollback: false },
        extra: {}
      }
  if (!raw) return config
  const max = optNumber(raw, 'maximumPercent')
  const min = optNumber(raw, 'minimumHealthyPercent')
  if (max !== undefined) config.maximumPercent = max
  if (min !== undefined) config.minimumHealthyPercent = min
  const breaker = optObject(raw, 'deploymentCircuitBreaker')
  if (breaker) {
    config.circuitBreaker = {
      enable: optBool(breaker, 'enable') ?? false,
      rollback: optBool(breaker, 'rollback') ?? false
    }
  }
  for (const [key, value] of Object.entries(raw)) {
    if (!['maximumPercent', 'minimumHealthyPercent', 'deploymentCircuitBreaker'].includes(key))
      config.extra[key] = value
  }
  if (config.minimumHealthyPercent < 0 || config.minimumHealthyPercent > 100) {
    throw new AwsError(
      'InvalidParameterException',
      `deploymentConfiguration.minimumHealthyPercent must be between 0 and 100, got ${config.minimumHealthyPercent}.`
    )
  }
  if (config.maximumPercent < 100 || config.maximumPercent < config.minimumHealthyPercent) {
    throw new AwsError(
      'InvalidParameterException',
      `deploymentConfiguration.maximumPercent must be at least 100 and at least minimumHealthyPercent, got ${config.maximumPercent}.`
    )
  }
  return config
}

export function deploymentConfigJson(config: DeploymentConfig): Json {
  return {
    ...config.extra,
    deploymentCircuitBreaker: {
      enable: config.circuitBreaker.enable,
      rollback: config.circuitBreaker.rollback
    },
    maximumPercent: config.maximumPercent,
    minimumHealthyPercent: config.minimumHealthyPercent
  }
}
