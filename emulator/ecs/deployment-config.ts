// A service's deploymentConfiguration: read from CreateService/UpdateService, and shown as ECS shows it.
import { AwsError } from '../errors.js'
import { optBool, optNumber, optObject, type Json } from './input.js'
import type { CircuitBreakerConfig, DeploymentConfig } from './state.js'
import { checkStrategyConfig } from './strategy-config.js'

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
  if (breaker) config.circuitBreaker = circuitBreaker(breaker)
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
  checkStrategyConfig(config.extra)
  return config
}

const thresholdTypes = ['BOUNDED_PERCENT', 'UNBOUNDED_PERCENT', 'COUNT']

function circuitBreaker(raw: Json): CircuitBreakerConfig {
  const breaker: CircuitBreakerConfig = {
    enable: optBool(raw, 'enable') ?? false,
    rollback: optBool(raw, 'rollback') ?? false
  }
  const reset = optBool(raw, 'resetOnHealthyTask')
  if (reset !== undefined) breaker.resetOnHealthyTask = reset
  const threshold = optObject(raw, 'thresholdConfiguration')
  if (threshold) {
    const type = threshold.type
    const value = optNumber(threshold, 'value')
    if (typeof type !== 'string' || !thresholdTypes.includes(type)) {
      throw new AwsError(
        'InvalidParameterException',
        `deploymentCircuitBreaker.thresholdConfiguration.type must be one of ${thresholdTypes.join(', ')}, got ${JSON.stringify(type)}.`
      )
    }
    if (value === undefined || value < 0 || (type === 'COUNT' && !Number.isInteger(value))) {
      throw new AwsError(
        'InvalidParameterException',
        `deploymentCircuitBreaker.thresholdConfiguration.value must be ${type === 'COUNT' ? 'a whole number' : 'a percentage'} >= 0, got ${JSON.stringify(threshold.value)}.`
      )
    }
    breaker.thresholdConfiguration = { type: type as 'COUNT', value }
  }
  return breaker
}

export function deploymentConfigJson(config: DeploymentConfig): Json {
  return {
    ...config.extra,
    deploymentCircuitBreaker: { ...config.circuitBreaker },
    maximumPercent: config.maximumPercent,
    minimumHealthyPercent: config.minimumHealthyPercent
  }
}
