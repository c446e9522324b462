// The deployment strategy's part of deploymentConfiguration (strategy, bake time, linear/canary steps, lifecycle
// hooks, alarms, early success criteria), checked against the ranges the ECS API reference gives, and read with
// ECS's defaults for the engines.
import { AwsError } from '../errors.js'
import { isObject, type Json } from './input.js'

export const strategies = ['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY']
export const hookStages = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT'
]

const invalid = (message: string): AwsError => new AwsError('InvalidParameterException', message)

function range(raw: Json, field: string, at: string, min: number, max: number): void {
  const value = raw[field]
  if (value === undefined || value === null) return
  if (typeof value !== 'number' || value < min || value > max) {
    throw invalid(`${at}.${field} must be between ${min} and ${max}, got ${JSON.stringify(value)}.`)
  }
}

/** Throws ECS's InvalidParameterException for a strategy setting outside what the API accepts. */
export function checkStrategyConfig(extra: Json): void {
  const strategy = extra.strategy ?? 'ROLLING'
  if (typeof strategy !== 'string' || !strategies.includes(strategy)) {
    throw invalid(
      `deploymentConfiguration.strategy must be one of ${strategies.join(', ')}, got ${JSON.stringify(strategy)}.`
    )
  }
  range(extra, 'bakeTimeInMinutes', 'deploymentConfiguration', 0, 1440)
  if (isObject(extra.linearConfiguration)) {
    range(extra.linearConfiguration, 'stepPercent', 'linearConfiguration', 3, 100)
    range(extra.linearConfiguration, 'stepBakeTimeInMinutes', 'linearConfiguration', 0, 1440)
  }
  if (isObject(extra.canaryConfiguration)) {
    range(extra.canaryConfiguration, 'canaryPercent', 'canaryConfiguration', 0.1, 100)
    range(extra.canaryConfiguration, 'canaryBakeTimeInMinutes', 'canaryConfiguration', 0, 1440)
  }
  if (extra.linearConfiguration !== undefined && strategy !== 'LINEAR')
    throw invalid('linearConfiguration is only valid with the LINEAR deployment strategy.')
  if (extra.canaryConfiguration !== undefined && strategy !== 'CANARY')
    throw invalid('canaryConfiguration is only valid with the CANARY deployment strategy.')
  if (isObject(extra.earlySuccessCriteria)) {
    if (strategy !== 'ROLLING')
      throw invalid('earlySuccessCriteria is only valid with the ROLLING deployment strategy.')
    range(extra.earlySuccessCriteria, 'healthyPercent', 'earlySuccessCriteria', 1, 100)
    const cleanup = extra.earlySuccessCriteria.sourceServiceRevisionCleanup
    if (cleanup !== undefined && cleanup !== 'BLOCKING' && cleanup !== 'DEFERRED')
      throw invalid(
        `earlySuccessCriteria.sourceServiceRevisionCleanup must be BLOCKING or DEFERRED, got ${JSON.stringify(cleanup)}.`
      )
  }
  const hooks = Array.isArray(extra.lifecycleHooks) ? extra.lifecycleHooks : []
  hooks.forEach((hook, i) => checkHook(hook, i))
  if (isObject(extra.alarms) && !Array.isArray(extra.alarms.alarmNames))
    throw invalid('deploymentConfiguration.alarms.alarmNames must be a list of CloudWatch alarm names.')
}

function checkHook(hook: unknown, i: number): void {
  const at = `deploymentConfiguration.lifecycleHooks[${i}]`
  if (!isObject(hook)) throw invalid(`${at} must be an object.`)
  const type = hook.targetType ?? 'AWS_LAMBDA'
  if (type !== 'AWS_LAMBDA' && type !== 'PAUSE')
    throw invalid(`${at}.targetType must be AWS_LAMBDA or PAUSE, got ${JSON.stringify(type)}.`)
  if (type === 'AWS_LAMBDA') {
    if (typeof hook.hookTargetArn !== 'string' || !hook.hookTargetArn.startsWith('arn:'))
      throw invalid(`${at}.hookTargetArn must be the ARN of the Lambda function for an AWS_LAMBDA hook.`)
    if (typeof hook.roleArn !== 'string' || !hook.roleArn.startsWith('arn:'))
      throw invalid(`${at}.roleArn must be the ARN of a role ECS assumes to invoke the Lambda function.`)
  }
  const stages = hook.lifecycleStages
  if (!Array.isArray(stages) || stages.length === 0)
    throw invalid(`${at}.lifecycleStages must list at least one of ${hookStages.join(', ')}.`)
  for (const stage of stages) {
    if (typeof stage !== 'string' || !hookStages.includes(stage))
      throw invalid(
        `${at}.lifecycleStages has ${JSON.stringify(stage)}; valid stages: ${hookStages.join(', ')}.`
      )
  }
  if (isObject(hook.timeoutConfiguration)) {
    range(hook.timeoutConfiguration, 'timeoutInMinutes', `${at}.timeoutConfiguration`, 1, 1440)
    const action = hook.timeoutConfiguration.action
    if (action !== undefined && action !== 'ROLLBACK' && action !== 'CONTINUE')
      throw invalid(
        `${at}.timeoutConfiguration.action must be ROLLBACK or CONTINUE, got ${JSON.stringify(action)}.`
      )
  }
}

/** Traffic strategies need, on each load balancer, an alternate target group, the production listener rule and a role. */
export function checkAdvancedConfiguration(strategy: string, loadBalancers: Json[]): void {
  if (strategy === 'ROLLING') return
  loadBalancers.forEach((lb, i) => {
    const at = `loadBalancers[${i}].advancedConfiguration`
    const advanced = lb.advancedConfiguration
    if (!isObject(advanced))
      throw invalid(
        `${at} is required for the ${strategy} deployment strategy: give alternateTargetGroupArn, productionListenerRule and roleArn.`
      )
    for (const field of ['alternateTargetGroupArn', 'productionListenerRule', 'roleArn']) {
      if (typeof advanced[field] !== 'string' || !String(advanced[field]).startsWith('arn:'))
        throw invalid(`${at}.${field} must be an ARN for the ${strategy} deployment strategy.`)
    }
    if (advanced.alternateTargetGroupArn === lb.targetGroupArn)
      throw invalid(`${at}.alternateTargetGroupArn must differ from loadBalancers[${i}].targetGroupArn.`)
  })
}

export interface Hook {
  targetType: 'AWS_LAMBDA' | 'PAUSE'
  hookTargetArn?: string
  stages: string[]
  timeoutMinutes: number
  timeoutAction: 'ROLLBACK' | 'CONTINUE'
}

/** The service's lifecycle hooks with ECS's defaults (timeout 1440 minutes, action ROLLBACK). */
export function lifecycleHooks(extra: Json): Hook[] {
  const hooks = Array.isArray(extra.lifecycleHooks) ? extra.lifecycleHooks.filter(isObject) : []
  return hooks.map(h => {
    const timeout = isObject(h.timeoutConfiguration) ? h.timeoutConfiguration : {}
    const hook: Hook = {
      targetType: h.targetType === 'PAUSE' ? 'PAUSE' : 'AWS_LAMBDA',
      stages: Array.isArray(h.lifecycleStages) ? h.lifecycleStages.map(String) : [],
      timeoutMinutes: typeof timeout.timeoutInMinutes === 'number' ? timeout.timeoutInMinutes : 1440,
      timeoutAction: timeout.action === 'CONTINUE' ? 'CONTINUE' : 'ROLLBACK'
    }
    if (typeof h.hookTargetArn === 'string') hook.hookTargetArn = h.hookTargetArn
    return hook
  })
}

/** The production traffic percentages the strategy shifts to, in order, with the ECS minutes to wait after each. */
export function trafficSteps(extra: Json): { weight: number; waitMinutes: number }[] {
  if (extra.strategy === 'LINEAR') {
    const linear = isObject(extra.linearConfiguration) ? extra.linearConfiguration : {}
    const step = typeof linear.stepPercent === 'number' ? linear.stepPercent : 10
    const wait = typeof linear.stepBakeTimeInMinutes === 'number' ? linear.stepBakeTimeInMinutes : 6
    const steps: { weight: number; waitMinutes: number }[] = []
    for (let w = step; w < 100; w += step) steps.push({ weight: Math.round(w * 10) / 10, waitMinutes: wait })
    // No bake after the last step, as the reference says.
    return [...steps, { weight: 100, waitMinutes: 0 }]
  }
  if (extra.strategy === 'CANARY') {
    const canary = isObject(extra.canaryConfiguration) ? extra.canaryConfiguration : {}
    const percent = typeof canary.canaryPercent === 'number' ? canary.canaryPercent : 5
    const wait = typeof canary.canaryBakeTimeInMinutes === 'number' ? canary.canaryBakeTimeInMinutes : 10
    return percent >= 100
      ? [{ weight: 100, waitMinutes: 0 }]
      : [
          { weight: percent, waitMinutes: wait },
          { weight: 100, waitMinutes: 0 }
        ]
  }
  return [{ weight: 100, waitMinutes: 0 }]
}

export function bakeTimeMinutes(extra: Json): number {
  return typeof extra.bakeTimeInMinutes === 'number' ? extra.bakeTimeInMinutes : 0
}

export interface AlarmsConfig {
  names: string[]
  enable: boolean
  rollback: boolean
}

export function alarmsConfig(extra: Json): AlarmsConfig {
  const alarms = isObject(extra.alarms) ? extra.alarms : {}
  return {
    names: Array.isArray(alarms.alarmNames) ? alarms.alarmNames.map(String) : [],
    enable: alarms.enable === true,
    rollback: alarms.rollback === true
  }
}
