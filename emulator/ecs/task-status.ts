// A task's status changes, and the service scheduler hears of them once the step that made them has run
// (see scheduler.ts), so the task modules never call a deployment engine themselves.
import { serviceOf } from './lookup.js'
import type { EcsState, TaskRecord } from './state.js'

export function touch(state: EcsState, task: TaskRecord, lastStatus: string): void {
  task.lastStatus = lastStatus
  task.version += 1
  const service = serviceOf(state, task)
  const deployment = service?.deployments.find(d => d.id === task.deploymentId)
  if (deployment) deployment.updatedAt = state.time
}

/** These tasks changed at this instant: their services react when the step ends. */
export function reportTasksChanged(state: EcsState, tasks: TaskRecord[]): void {
  state.taskChanges.push({ tasks, failed: false })
}

/** These tasks failed as the scenario says: their deployments count them, then their services react. */
export function reportTasksFailed(state: EcsState, tasks: TaskRecord[]): void {
  state.taskChanges.push({ tasks, failed: true })
}
