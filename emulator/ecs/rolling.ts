// The ROLLING deployment engine: replace tasks step by step within minimumHealthyPercent and maximumPercent, and
// trip the deployment circuit breaker (rolling back to the last completed deployment) when too many tasks fail.
import {
  finishDeletion,
  placeTasks,
  retireDrainedDeployments,
  setRolloutState,
  startDeployment,
  type DeploymentEngine
} from './deployments.js'
import { isObject } from './input.js'
import { deploymentTasks, serviceTasks } from './lookup.js'
import { circuitBreakerThreshold, messages, planRollingStep } from './rules.js'
import { addEvent } from './service-events.js'
import type { DeploymentRecord, EcsState, ServiceRecord } from './state.js'
import { stopTasks } from './task-stop.js'

export const rollingEngine: DeploymentEngine = { reconcile, tasksFailed, rollBack }

/** Start and stop tasks towards the primary deployment, then settle deployments (drained, completed). */
function reconcile(state: EcsState, service: ServiceRecord): void {
  const primary = service.deployments[0]
  if (!primary || service.status === 'INACTIVE') return
  const active = serviceTasks(state, service).filter(t => t.desiredStatus === 'RUNNING')
  const config = service.deploymentConfiguration
  const plan = planRollingStep({
    desiredCount: service.desiredCount,
    minimumHealthyPercent: config.minimumHealthyPercent,
    maximumPercent: config.maximumPercent,
    primaryDeploymentId: primary.id,
    active: active.map(t => ({ id: t.id, deploymentId: t.deploymentId ?? '', healthy: t.healthy }))
  })
  const toStop = active.filter(t => plan.stop.includes(t.id))
  if (toStop.length > 0) {
    stopTasks(state, toStop, messages.scalingActivity(primary.id), 'ServiceSchedulerInitiated', service)
  }
  if (plan.start > 0) placeTasks(state, service, primary, plan.start, () => reconcile(state, service))
  settle(state, service)
}

/** Remove drained deployments, mark COMPLETED, and note a steady state. */
function settle(state: EcsState, service: ServiceRecord): void {
  retireDrainedDeployments(state, service)
  if (service.status === 'DRAINING') {
    finishDeletion(state, service)
    return
  }
  const primary = service.deployments[0]
  if (!primary) return
  const tasks = deploymentTasks(state, service, primary).filter(t => t.desiredStatus === 'RUNNING')
  const steady =
    service.deployments.length === 1 && tasks.length === service.desiredCount && tasks.every(t => t.healthy)
  if (!steady) {
    service.steady = false
    if (primary.rolloutState === 'IN_PROGRESS' && earlySuccess(service, tasks.filter(t => t.healthy).length))
      complete(state, service, primary)
    return
  }
  if (primary.rolloutState === 'IN_PROGRESS') complete(state, service, primary)
  if (!service.steady) {
    service.steady = true
    addEvent(state, service, messages.steadyState(service.name))
  }
}

/**
 * earlySuccessCriteria: the deployment is done once healthyPercent of the desired count runs healthy on the new
 * revision; BLOCKING (the default) also waits for the old revision's tasks to be gone, DEFERRED cleans them up after.
 */
function earlySuccess(service: ServiceRecord, healthy: number): boolean {
  const criteria = service.deploymentConfiguration.extra.earlySuccessCriteria
  if (!isObject(criteria) || criteria.enable !== true) return false
  const percent = typeof criteria.healthyPercent === 'number' ? criteria.healthyPercent : 100
  if (healthy < Math.ceil((percent / 100) * service.desiredCount)) return false
  return criteria.sourceServiceRevisionCleanup === 'DEFERRED' || service.deployments.length === 1
}

function complete(state: EcsState, service: ServiceRecord, primary: DeploymentRecord): void {
  setRolloutState(state, primary, 'COMPLETED', messages.completed(primary.id))
  primary.finishedAt = state.time
  service.lastCompleted = primary
  addEvent(state, service, messages.deploymentCompleted(service.name, primary.id))
}

/** Count failed tasks of a service deployment and trip the circuit breaker when they reach the threshold. */
function tasksFailed(state: EcsState, service: ServiceRecord, deploymentId: string, count: number): void {
  const deployment = service.deployments.find(d => d.id === deploymentId)
  if (!deployment) return
  deployment.failedTasks += count
  deployment.updatedAt = state.time
  const breaker = service.deploymentConfiguration.circuitBreaker
  if (!breaker.enable || deployment !== service.deployments[0] || deployment.rolloutState !== 'IN_PROGRESS')
    return
  const threshold = circuitBreakerThreshold(service.desiredCount, breaker.thresholdConfiguration)
  if (deployment.failedTasks < threshold) return
  setRolloutState(state, deployment, 'FAILED', messages.circuitBreakerFailed)
  deployment.finishedAt = state.time
  addEvent(state, service, messages.deploymentFailed(service.name, deployment.id))
  if (breaker.rollback) rollBackTo(state, service, deployment)
}

/** StopServiceDeployment ROLLBACK: works whether or not the service configures rollback. */
function rollBack(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  reason: string
): void {
  if (deployment.rolloutState !== 'IN_PROGRESS') return
  setRolloutState(state, deployment, 'FAILED', reason)
  deployment.finishedAt = state.time
  deployment.rollbackReason = reason
  rollBackTo(state, service, deployment)
  reconcile(state, service)
}

/** A new deployment back to the last completed one; without one, the failed deployment just stops. */
function rollBackTo(state: EcsState, service: ServiceRecord, deployment: DeploymentRecord): void {
  const target = service.lastCompleted
  if (!target || target === deployment) return
  const rollback = startDeployment(state, service, target.taskDefinitionArn, target)
  deployment.rolledBackBy = rollback.id
  addEvent(state, service, messages.rollingBack(service.name, target.id))
}
