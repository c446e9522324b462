// What the Service Deployments API says about a rolling deployment, and what the service configures for it: the
// authoritative final status, why it rolled back, the circuit breaker's count and threshold, triggered alarms, and
// the early success criteria. Pure.
import type { DeploymentCircuitBreaker, Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'

/** A service deployment's status, as the watch acts on it. */
export type ServiceDeploymentPhase =
  'ongoing' | 'rolling-back' | 'succeeded' | 'stopped' | 'rolled-back' | 'rollback-failed' | 'unknown'

const PHASES: Record<string, ServiceDeploymentPhase> = {
  PENDING: 'ongoing',
  IN_PROGRESS: 'ongoing',
  STOP_REQUESTED: 'ongoing',
  ROLLBACK_REQUESTED: 'rolling-back',
  ROLLBACK_IN_PROGRESS: 'rolling-back',
  SUCCESSFUL: 'succeeded',
  STOPPED: 'stopped',
  ROLLBACK_SUCCESSFUL: 'rolled-back',
  ROLLBACK_FAILED: 'rollback-failed'
}

/** Every status of the model has its phase; a status this action does not know is 'unknown', never success. */
export function phaseOf(status: string | undefined): ServiceDeploymentPhase {
  return (status && PHASES[status]) || 'unknown'
}

export function isFinalPhase(phase: ServiceDeploymentPhase): boolean {
  return phase !== 'ongoing' && phase !== 'rolling-back'
}

/**
 * The circuit breaker's failure threshold for a desired count, as ECS computes it: BOUNDED_PERCENT (the default, value
 * 50) is value % of the desired count within 3..200, UNBOUNDED_PERCENT the same without the bounds (at least 1), COUNT
 * the value itself. Undefined when the breaker is off.
 */
export function circuitBreakerThreshold(
  desiredCount: number,
  breaker: DeploymentCircuitBreaker | undefined
): number | undefined {
  if (!breaker?.enable) return undefined
  const type = breaker.thresholdConfiguration?.type ?? 'BOUNDED_PERCENT'
  const value = breaker.thresholdConfiguration?.value ?? 50
  if (type === 'COUNT') return Math.max(1, value)
  const share = Math.ceil((value / 100) * desiredCount)
  if (type === 'UNBOUNDED_PERCENT') return Math.max(1, share)
  return Math.min(200, Math.max(3, share))
}

/** One phrase for the circuit breaker as configured, e.g. "trips at 3 failed tasks (COUNT 3), counted across healthy tasks". */
export function circuitBreakerPhrase(service: Service | undefined, desiredCount: number): string | undefined {
  const breaker = service?.deploymentConfiguration?.deploymentCircuitBreaker
  const threshold = circuitBreakerThreshold(desiredCount, breaker)
  if (threshold === undefined || !breaker) return undefined
  const config = breaker.thresholdConfiguration
  const how = config ? ` (${config.type ?? 'BOUNDED_PERCENT'} ${config.value ?? 50})` : ''
  const reset = breaker.resetOnHealthyTask === false ? ', counted across healthy tasks' : ''
  return `circuit breaker trips at ${threshold} failed tasks${how}${reset}, then ${breaker.rollback ? 'rolls back' : 'stops the deployment'}`
}

/** earlySuccessCriteria of a ROLLING service: how many new tasks must run healthy, and whether old ones must be gone. */
export interface EarlySuccess {
  /** New tasks running that make the deployment done. */
  healthyTasks: number
  /** DEFERRED: done before the old revision's tasks are gone; BLOCKING (the default) waits for them. */
  deferredCleanup: boolean
}

export function earlySuccessOf(service: Service | undefined, desiredCount: number): EarlySuccess | undefined {
  const criteria = service?.deploymentConfiguration?.earlySuccessCriteria
  if (!criteria?.enable) return undefined
  const percent = criteria.healthyPercent ?? 100
  return {
    healthyTasks: Math.ceil((percent / 100) * desiredCount),
    deferredCleanup: criteria.sourceServiceRevisionCleanup === 'DEFERRED'
  }
}

/** Why a service deployment did not succeed, in parts: ECS's rollback or status reason, the breaker, the alarms. */
export function serviceDeploymentReasons(sd: ServiceDeployment): string[] {
  const parts: string[] = []
  const reason = sd.rollback?.reason ?? sd.statusReason
  if (reason) parts.push(reason.replace(/\.$/, ''))
  const breaker = sd.deploymentCircuitBreaker
  if (breaker?.status === 'TRIGGERED')
    parts.push(
      `circuit breaker: ${breaker.failureCount ?? '?'} failed tasks, threshold ${breaker.threshold ?? '?'}`
    )
  const alarms = sd.alarms?.triggeredAlarmNames ?? []
  if (alarms.length > 0) parts.push(`alarms in ALARM: ${alarms.join(', ')}`)
  return parts
}

/** The one-line reason a service deployment did not succeed; undefined when ECS gives none. */
export function serviceDeploymentReason(sd: ServiceDeployment): string | undefined {
  const parts = serviceDeploymentReasons(sd)
  return parts.length > 0 ? parts.join('; ') : undefined
}

/** Lines for the job summary's details: the service deployment as ECS reports it. */
export function serviceDeploymentDetails(sd: ServiceDeployment): string[] {
  const lines = [
    `Service deployment ${sd.serviceDeploymentArn ?? ''}: ${sd.status ?? 'no status'}${sd.statusReason ? ` (${sd.statusReason})` : ''}`
  ]
  const breaker = sd.deploymentCircuitBreaker
  if (breaker && breaker.status !== 'DISABLED')
    lines.push(
      `  circuit breaker ${breaker.status ?? ''}: ${breaker.failureCount ?? 0} failed tasks of ${breaker.threshold ?? '?'} allowed`
    )
  const alarms = sd.alarms
  if (alarms && alarms.status !== 'DISABLED' && (alarms.alarmNames ?? []).length > 0)
    lines.push(
      `  alarms ${alarms.status ?? ''}: ${(alarms.alarmNames ?? []).join(', ')}${(alarms.triggeredAlarmNames ?? []).length > 0 ? `; in ALARM: ${(alarms.triggeredAlarmNames ?? []).join(', ')}` : ''}`
    )
  if (sd.rollback)
    lines.push(
      `  rollback: ${sd.rollback.reason ?? 'no reason given'}${sd.rollback.serviceRevisionArn ? ` (service revision ${shortArn(sd.rollback.serviceRevisionArn)})` : ''}`
    )
  return lines
}
