// A service's deployments: the engine seam, and what every engine shares (starting a deployment, its rollout
// state, placing its tasks, retiring drained deployments). The engines themselves: rolling.ts (ROLLING), staged.ts
// (BLUE_GREEN, LINEAR, CANARY) and ../codedeploy/task-sets.ts (the CODE_DEPLOY controller's task sets).
import { ms, schedule } from './clock.js'
import { deploymentTasks, findTaskDefinition, requireCluster, serviceTasks } from './lookup.js'
import { messages, namesTaskSets, newDeploymentId } from './rules.js'
import { addEvent } from './service-events.js'
import type { DeploymentRecord, EcsState, RolloutState, ServiceRecord } from './state.js'
import { launchTasks } from './task-lifecycle.js'

const maxHistory = 50
/** ECS seconds between placement retries (and "unable to place" events) while nothing can be placed. */
const placementRetrySeconds = 30

/** How one kind of deployment (a deployment strategy) moves a service to its primary deployment. */
export interface DeploymentEngine {
  /** The service or its tasks changed: start and stop tasks towards the primary deployment, then settle deployments. */
  reconcile(state: EcsState, service: ServiceRecord): void
  /** Tasks of one of the service's deployments failed (pull, exit, health checks): count them, maybe roll back. */
  tasksFailed(state: EcsState, service: ServiceRecord, deploymentId: string, count: number): void
  /** StopServiceDeployment with stopType ROLLBACK: roll the ongoing deployment back to the previous revision. */
  rollBack(state: EcsState, service: ServiceRecord, deployment: DeploymentRecord, reason: string): void
}

/** A new PRIMARY deployment of this task definition; the previous primary becomes ACTIVE (superseded if unfinished). */
export function startDeployment(
  state: EcsState,
  service: ServiceRecord,
  taskDefinitionArn: string,
  rollbackOf?: DeploymentRecord
): DeploymentRecord {
  const previous = service.deployments[0]
  if (previous) {
    previous.status = 'ACTIVE'
    if (previous.rolloutState === 'IN_PROGRESS') previous.superseded = true
    previous.updatedAt = state.time
  }
  const id = newDeploymentId()
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn,
    failedTasks: 0,
    createdAt: state.time,
    updatedAt: state.time,
    launchType: service.launchType,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: rollbackOf ? messages.rollingBackReason(rollbackOf.id) : messages.inProgress(id),
    rolloutStateChangedAt: state.time,
    sourceIds: service.deployments.map(d => d.id)
  }
  if (service.platformVersion !== undefined) deployment.platformVersion = service.platformVersion
  if (service.networkConfiguration) deployment.networkConfiguration = service.networkConfiguration
  if (rollbackOf) deployment.rollbackOf = rollbackOf.id
  service.deployments.unshift(deployment)
  service.history.unshift(deployment)
  service.history.splice(maxHistory)
  service.taskDefinitionArn = taskDefinitionArn
  service.steady = false
  return deployment
}

export function setRolloutState(
  state: EcsState,
  deployment: DeploymentRecord,
  rolloutState: RolloutState,
  reason: string
): void {
  deployment.rolloutState = rolloutState
  deployment.rolloutStateReason = reason
  deployment.rolloutStateChangedAt = state.time
  deployment.updatedAt = state.time
}

/** Launch `count` tasks of the deployment, or, when the scenario leaves no capacity, say so and `retry` later. */
export function placeTasks(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  count: number,
  retry: () => void
): void {
  if (state.scenario.placementFailure) placementFailed(state, service, retry)
  else startServiceTasks(state, service, deployment, count)
}

function placementFailed(state: EcsState, service: ServiceRecord, retry: () => void): void {
  const last = service.lastPlacementEventAt
  if (last === undefined || state.time - last >= ms(state, placementRetrySeconds)) {
    service.lastPlacementEventAt = state.time
    addEvent(state, service, messages.unableToPlace(service.name))
  }
  if (!service.placementRetryPending) {
    service.placementRetryPending = true
    schedule(state, state.time + ms(state, placementRetrySeconds), () => {
      service.placementRetryPending = false
      retry()
    })
  }
}

function startServiceTasks(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  count: number
): void {
  const td = findTaskDefinition(state, deployment.taskDefinitionArn)
  if (!td) return
  const tasks = launchTasks(state, td, count, {
    cluster: requireCluster(state, service.clusterName),
    serviceName: service.name,
    deploymentId: deployment.id,
    startedBy: deployment.id,
    group: `service:${service.name}`,
    launchType: service.launchType,
    tags: service.propagateTags === 'SERVICE' ? service.tags : [],
    overrides: {}
  })
  deployment.updatedAt = state.time
  addEvent(
    state,
    service,
    messages.started(
      service.name,
      tasks.map(t => t.id),
      namesTaskSets(service) ? deployment.id : undefined
    )
  )
}

/** Deployments other than the primary whose tasks have all stopped become INACTIVE and leave the list. */
export function retireDrainedDeployments(state: EcsState, service: ServiceRecord): void {
  for (const deployment of service.deployments.slice(1)) {
    const left = deploymentTasks(state, service, deployment).some(t => t.lastStatus !== 'STOPPED')
    if (!left) {
      deployment.status = 'INACTIVE'
      deployment.finishedAt ??= state.time
      deployment.updatedAt = state.time
      service.deployments = service.deployments.filter(d => d !== deployment)
    }
  }
}

/** A deleted (DRAINING) service becomes INACTIVE once all its tasks have stopped. */
export function finishDeletion(state: EcsState, service: ServiceRecord): void {
  if (serviceTasks(state, service).every(t => t.lastStatus === 'STOPPED')) {
    service.status = 'INACTIVE'
    for (const d of service.deployments) d.status = 'INACTIVE'
  }
}
