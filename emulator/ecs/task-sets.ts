// The CODE_DEPLOY and EXTERNAL deployment controllers: ECS does not deploy, it keeps each task set at its scale
// (a percentage of the desired count). CodeDeploy (emulator/codedeploy/) creates, scales and removes the task sets.
import { placeTasks, type DeploymentEngine } from './deployments.js'
import { deploymentTasks, serviceTasks } from './lookup.js'
import { rollingEngine } from './rolling.js'
import { messages } from './rules.js'
import { addEvent } from './service-events.js'
import type { DeploymentRecord, EcsState, ServiceRecord } from './state.js'
import { stopTasks } from './task-stop.js'

export const taskSetEngine: DeploymentEngine = {
  reconcile,
  tasksFailed: (_state, service, deploymentId, count) => {
    const d = service.deployments.find(h => h.id === deploymentId)
    if (d) d.failedTasks += count
  },
  rollBack: () => undefined
}

/** The tasks a task set should run now. */
export function taskSetTarget(service: ServiceRecord, d: DeploymentRecord): number {
  return Math.ceil((service.desiredCount * (d.taskSet?.scale ?? 0)) / 100)
}

function reconcile(state: EcsState, service: ServiceRecord): void {
  if (service.status !== 'ACTIVE') {
    rollingEngine.reconcile(state, service)
    return
  }
  for (const d of service.deployments) {
    if (!d.taskSet) continue
    const tasks = deploymentTasks(state, service, d).filter(t => t.desiredStatus === 'RUNNING')
    const missing = taskSetTarget(service, d) - tasks.length
    if (missing > 0) placeTasks(state, service, d, missing, () => reconcile(state, service))
    if (missing < 0)
      stopTasks(
        state,
        tasks.slice(0, -missing),
        messages.scalingActivity(d.id),
        'ServiceSchedulerInitiated',
        service
      )
  }
  // A task set scaled to 0 and deleted leaves once its tasks have stopped.
  service.deployments = service.deployments.filter(
    d => d.status !== 'INACTIVE' || deploymentTasks(state, service, d).some(t => t.lastStatus !== 'STOPPED')
  )
  const live = serviceTasks(state, service).filter(t => t.desiredStatus === 'RUNNING')
  const steady =
    service.deployments.length === 1 && live.length === service.desiredCount && live.every(t => t.healthy)
  if (steady && !service.steady) addEvent(state, service, messages.steadyState(service.name))
  service.steady = steady
}
