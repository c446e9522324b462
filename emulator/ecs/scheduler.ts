// The service scheduler: picks the deployment engine of each service and lets it react when the service changes
// (an operation) or its tasks change (a step of the simulation).
import type { DeploymentEngine } from './deployments.js'
import { serviceOf } from './lookup.js'
import { rollingEngine } from './rolling.js'
import { stagedEngine } from './staged.js'
import { taskSetEngine } from './task-sets.js'
import type { EcsState, ServiceRecord, TaskRecord } from './state.js'

/** The deployment engines of the ECS controller by deploymentConfiguration.strategy. */
const engines: Record<string, DeploymentEngine> = {
  ROLLING: rollingEngine,
  BLUE_GREEN: stagedEngine,
  LINEAR: stagedEngine,
  CANARY: stagedEngine
}

/** The engine for the service's controller and strategy (ROLLING when none is given). */
export function engineFor(service: ServiceRecord): DeploymentEngine {
  if (service.deploymentController !== 'ECS') return taskSetEngine
  const strategy = service.deploymentConfiguration.extra.strategy
  const engine = typeof strategy === 'string' ? engines[strategy] : undefined
  return engine ?? rollingEngine
}

export function reconcile(state: EcsState, service: ServiceRecord): void {
  engineFor(service).reconcile(state, service)
}

/** After a step: failed tasks count against their deployments, then every service whose tasks changed reacts. */
export function reactToTaskChanges(state: EcsState): void {
  let change = state.taskChanges.shift()
  while (change !== undefined) {
    if (change.failed) countFailures(state, change.tasks)
    reconcileServicesOf(state, change.tasks)
    change = state.taskChanges.shift()
  }
}

function countFailures(state: EcsState, tasks: TaskRecord[]): void {
  const byDeployment = new Map<string, { service: ServiceRecord; count: number }>()
  for (const t of tasks) {
    const service = serviceOf(state, t)
    if (!service || t.deploymentId === undefined) continue
    const entry = byDeployment.get(t.deploymentId) ?? { service, count: 0 }
    entry.count += 1
    byDeployment.set(t.deploymentId, entry)
  }
  for (const [deploymentId, { service, count }] of byDeployment)
    engineFor(service).tasksFailed(state, service, deploymentId, count)
}

function reconcileServicesOf(state: EcsState, tasks: TaskRecord[]): void {
  const services = new Set(
    tasks.map(t => serviceOf(state, t)).filter((s): s is ServiceRecord => s !== undefined)
  )
  for (const service of services) reconcile(state, service)
}
