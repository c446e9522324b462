// The ECS service scheduler's decisions, as pure functions over plain data, and ECS's message texts.
import { randomBytes, randomInt } from 'node:crypto'

/**
 * Failed tasks that trip the deployment circuit breaker. Default (BOUNDED_PERCENT 50): 0.5 × desired count, rounded
 * up, at least 3, at most 200; UNBOUNDED_PERCENT: the percentage of the desired count without those bounds (at
 * least 1); COUNT: the number itself.
 */
export function circuitBreakerThreshold(
  desiredCount: number,
  threshold: { type: string; value: number } = { type: 'BOUNDED_PERCENT', value: 50 }
): number {
  const share = Math.ceil((threshold.value / 100) * desiredCount)
  if (threshold.type === 'COUNT') return Math.max(1, threshold.value)
  if (threshold.type === 'UNBOUNDED_PERCENT') return Math.max(1, share)
  return Math.min(200, Math.max(3, share))
}

/** A task the scheduler counts: one that is meant to run (desiredStatus RUNNING). */
export interface PlanTask {
  id: string
  deploymentId: string
  /** RUNNING and past its health checks. */
  healthy: boolean
}

export interface RollingPlanInput {
  desiredCount: number
  minimumHealthyPercent: number
  maximumPercent: number
  primaryDeploymentId: string
  active: PlanTask[]
}

export interface RollingPlan {
  /** Task ids to stop now. */
  stop: string[]
  /** How many tasks of the primary deployment to start now. */
  start: number
}

/**
 * One step of a rolling update: stop old tasks while at least minimumHealthyPercent of the desired count
 * stays healthy, and start primary tasks while the total stays within maximumPercent.
 */
export function planRollingStep(input: RollingPlanInput): RollingPlan {
  const desired = Math.max(0, input.desiredCount)
  const minHealthy = Math.ceil((desired * input.minimumHealthyPercent) / 100)
  const maxTotal = Math.floor((desired * input.maximumPercent) / 100)
  const unhealthyFirst = (a: PlanTask, b: PlanTask): number => Number(a.healthy) - Number(b.healthy)
  const primary = input.active.filter(t => t.deploymentId === input.primaryDeploymentId).sort(unhealthyFirst)
  const old = input.active.filter(t => t.deploymentId !== input.primaryDeploymentId).sort(unhealthyFirst)

  const stop: string[] = []
  // Scale-in of the primary deployment itself.
  for (const task of primary.slice(0, Math.max(0, primary.length - desired))) stop.push(task.id)

  let healthy = input.active.filter(t => t.healthy && !stop.includes(t.id)).length
  for (const task of old) {
    if (!task.healthy) {
      stop.push(task.id)
    } else if (healthy - 1 >= minHealthy) {
      stop.push(task.id)
      healthy -= 1
    }
  }

  const remaining = input.active.length - stop.length
  const primaryRemaining = primary.filter(t => !stop.includes(t.id)).length
  const start = Math.max(0, Math.min(desired - primaryRemaining, maxTotal - remaining))
  return { stop, start }
}

/** A deployment id as ECS prints it: `ecs-svc/` and 19 digits. */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10))
  while (digits.length < 19) digits += String(randomInt(0, 10))
  return `ecs-svc/${digits}`
}

/** A task id: 32 lowercase hex digits. */
export function newTaskId(): string {
  return randomBytes(16).toString('hex')
}

/** `(service web)`, or `(service web, taskSet ecs-svc/...)` where ECS names the task set (task set based deployments). */
function servicePrefix(service: string, taskSet: string | undefined): string {
  return taskSet === undefined ? `(service ${service})` : `(service ${service}, taskSet ${taskSet})`
}

/** Services whose deployments ECS runs on task sets (CODE_DEPLOY, EXTERNAL, BLUE_GREEN/LINEAR/CANARY) name them in events. */
export function namesTaskSets(service: {
  deploymentController: string
  deploymentConfiguration: { extra: Record<string, unknown> }
}): boolean {
  const strategy = service.deploymentConfiguration.extra.strategy
  return service.deploymentController !== 'ECS' || (strategy !== undefined && strategy !== 'ROLLING')
}

export const messages = {
  inProgress: (deploymentId: string): string => `ECS deployment ${deploymentId} in progress.`,
  completed: (deploymentId: string): string => `ECS deployment ${deploymentId} completed.`,
  circuitBreakerFailed: 'ECS deployment circuit breaker: tasks failed to start.',
  rollingBackReason: (toDeploymentId: string): string =>
    `ECS deployment circuit breaker: rolling back to deploymentId ${toDeploymentId}.`,
  started: (service: string, taskIds: string[], taskSet?: string): string =>
    `${servicePrefix(service, taskSet)} has started ${taskIds.length} tasks: ${taskIds.map(id => `(task ${id})`).join(' ')}.`,
  stopped: (service: string, taskIds: string[]): string =>
    `(service ${service}) has stopped ${taskIds.length} running tasks: ${taskIds.map(id => `(task ${id})`).join(' ')}.`,
  draining: (service: string, count: number, taskSet?: string): string =>
    `${servicePrefix(service, taskSet)} has begun draining connections on ${count} tasks.`,
  registeredTargets: (service: string, count: number, targetGroupArn: string): string =>
    `(service ${service}) registered ${count} targets in (target-group ${targetGroupArn})`,
  deregisteredTargets: (service: string, count: number, targetGroupArn: string): string =>
    `(service ${service}) deregistered ${count} targets in (target-group ${targetGroupArn})`,
  deploymentCompleted: (service: string, deploymentId: string): string =>
    `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
  steadyState: (service: string): string => `(service ${service}) has reached a steady state.`,
  deploymentFailed: (service: string, deploymentId: string): string =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  rollingBack: (service: string, toDeploymentId: string): string =>
    `(service ${service}) rolling back to deployment ${toDeploymentId}.`,
  unableToPlace: (service: string): string =>
    `(service ${service}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.`,
  healthCheckFailed: (service: string, taskId: string): string =>
    `(service ${service}) (task ${taskId}) failed container health checks.`,
  pullFailed: (image: string): string =>
    `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: not found`,
  essentialExited: 'Essential container in task exited',
  healthCheckStopped: 'Task failed container health checks',
  scalingActivity: (deploymentId: string): string =>
    `Scaling activity initiated by (deployment ${deploymentId})`,
  // Service deployments (BLUE_GREEN, LINEAR, CANARY and stop/continue requests).
  superseded: 'Superseded by a newer service deployment.',
  serviceDeploymentFailed: (service: string, deploymentId: string, reason: string): string =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: ${reason}`,
  nothingToRollBackTo: 'There is no earlier successful service revision to roll back to.',
  rollbackFailed: (toDeploymentId: string): string =>
    `The rollback to deployment ${toDeploymentId} failed: the source service revision did not reach a steady state.`,
  rollbackByContinue: (hookId: string): string =>
    `Rollback requested by ContinueServiceDeployment for lifecycle hook ${hookId}.`,
  rollbackByStop: 'Rollback requested by StopServiceDeployment.',
  hookFailed: (target: string, stage: string): string =>
    `Lifecycle hook ${target} returned FAILED in stage ${stage}.`,
  hookTimedOut: (target: string, stage: string): string =>
    `Lifecycle hook ${target} timed out in stage ${stage}.`,
  alarmTriggered: (alarms: string[]): string =>
    `ECS deployment alarms: CloudWatch alarm(s) ${alarms.join(', ')} in ALARM state.`
}
