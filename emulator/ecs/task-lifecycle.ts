// Launching tasks and their life up to healthy: PROVISIONING → PENDING → ACTIVATING → RUNNING → healthy, or the
// scenario's failure on the way (decided at launch: the task's fate).
import { randomUUID } from 'node:crypto'
import { arns } from './arns.js'
import { ms, schedule } from './clock.js'
import { isObject, type Json } from './input.js'
import { containersOf, serviceOf } from './lookup.js'
import { newTaskId } from './rules.js'
import type { ScenarioFailure } from './scenario.js'
import { targetEvents } from './service-events.js'
import type {
  ClusterRecord,
  ContainerRecord,
  EcsState,
  TaskDefinitionRecord,
  TaskFate,
  TaskRecord
} from './state.js'
import { reportTasksChanged, touch } from './task-status.js'
import { failTasks } from './task-stop.js'

/** Who launches the tasks and how: a service deployment, or RunTask. */
export interface Launch {
  cluster: ClusterRecord
  serviceName?: string
  deploymentId?: string
  startedBy?: string
  group: string
  launchType: string
  tags: Json[]
  overrides: Json
  /** 'caller': the caller schedules the tasks' life itself (a scripted one-off task, see run-task-lifecycle.ts). */
  lifecycle?: 'caller'
}

export function launchTasks(
  state: EcsState,
  td: TaskDefinitionRecord,
  count: number,
  how: Launch
): TaskRecord[] {
  const fate = how.lifecycle === 'caller' ? undefined : failureFor(state, td)
  const definitions = Array.isArray(td.body.containerDefinitions)
    ? td.body.containerDefinitions.filter(isObject)
    : []
  const tasks: TaskRecord[] = []
  for (let i = 0; i < count; i++) {
    const id = newTaskId()
    const containers: ContainerRecord[] = definitions.map(c => {
      const container: ContainerRecord = {
        name: String(c.name),
        image: String(c.image),
        arn: arns.container(state.account, how.cluster.name, id, randomUUID()),
        lastStatus: 'PENDING',
        essential: c.essential !== false,
        healthStatus: 'UNKNOWN'
      }
      if (isObject(c.logConfiguration)) container.logConfiguration = c.logConfiguration
      if (c.cpu !== undefined) container.cpu = String(c.cpu)
      if (c.memory !== undefined) container.memory = String(c.memory)
      if (c.memoryReservation !== undefined) container.memoryReservation = String(c.memoryReservation)
      return container
    })
    const task: TaskRecord = {
      id,
      arn: arns.task(state.account, how.cluster.name, id),
      clusterName: how.cluster.name,
      clusterArn: how.cluster.arn,
      taskDefinition: td,
      group: how.group,
      launchType: how.launchType,
      lastStatus: 'PROVISIONING',
      desiredStatus: 'RUNNING',
      healthy: false,
      healthStatus: 'UNKNOWN',
      createdAt: state.time,
      containers,
      version: 1,
      tags: how.tags,
      overrides: how.overrides
    }
    if (how.serviceName !== undefined) task.serviceName = how.serviceName
    if (how.deploymentId !== undefined) task.deploymentId = how.deploymentId
    if (how.startedBy !== undefined) task.startedBy = how.startedBy
    if (fate) task.fate = fate
    state.tasks.set(id, task)
    tasks.push(task)
  }
  if (how.lifecycle !== 'caller') scheduleLifecycle(state, tasks, fate?.failure)
  return tasks
}

/** The scenario's first failure that matches this task definition, or a pull failure for a missing image. */
function failureFor(state: EcsState, td: TaskDefinitionRecord): TaskFate | undefined {
  const containers = containersOf(td)
  const first = containers.find(c => c.essential) ?? containers[0]
  for (const failure of state.scenario.failures) {
    if (failure.taskDefinition !== undefined) {
      const ref = failure.taskDefinition
      if (ref !== td.family && ref !== `${td.family}:${td.revision}` && ref !== td.arn) continue
    }
    const container =
      failure.image !== undefined ? containers.find(c => c.image.includes(failure.image ?? '')) : first
    if (container) return { failure, container: container.name, image: container.image }
  }
  if (state.options.images) {
    const missing = containers.find(c => state.imageExists.get(c.image) === false)
    if (missing) return { failure: { kind: 'pull' }, container: missing.name, image: missing.image }
  }
  return undefined
}

/** PROVISIONING → PENDING → ACTIVATING → RUNNING → healthy, or the scenario's failure on the way. */
function scheduleLifecycle(state: EcsState, batch: TaskRecord[], failure: ScenarioFailure | undefined): void {
  const start = state.time
  const startSeconds = Math.max(1, state.scenario.taskStartSeconds)
  const healthySeconds = state.scenario.healthyAfterSeconds
  const live = (): TaskRecord[] => batch.filter(t => t.desiredStatus === 'RUNNING')
  const step = (atSeconds: number, run: (tasks: TaskRecord[]) => void): void => {
    schedule(state, start + ms(state, atSeconds), () => {
      const tasks = live()
      if (tasks.length > 0) run(tasks)
    })
  }

  step(0.2 * startSeconds, tasks => {
    for (const t of tasks) {
      touch(state, t, 'PENDING')
      t.pullStartedAt = state.time
    }
  })
  if (failure?.kind === 'pull') {
    step(0.5 * startSeconds, tasks => failTasks(state, tasks))
    return
  }
  step(0.7 * startSeconds, tasks => {
    for (const t of tasks) {
      touch(state, t, 'ACTIVATING')
      t.pullStoppedAt = state.time
      t.connectivityAt = state.time
    }
  })
  step(startSeconds, tasks => {
    for (const t of tasks) {
      touch(state, t, 'RUNNING')
      t.startedAt = state.time
      for (const c of t.containers) {
        c.lastStatus = 'RUNNING'
        c.runtimeId = `${t.id}-${c.name}`
      }
    }
    targetEvents(state, tasks, 'registered')
    reportTasksChanged(state, tasks)
  })
  if (failure?.kind === 'exit') {
    step(startSeconds + Math.min(1, healthySeconds / 2), tasks => failTasks(state, tasks))
    return
  }
  step(startSeconds + healthySeconds, tasks => {
    if (failure?.kind === 'health-check') {
      failTasks(state, tasks)
      return
    }
    for (const t of tasks) {
      t.healthy = true
      t.healthStatus = hasHealthCheck(t) ? 'HEALTHY' : 'UNKNOWN'
      for (const c of t.containers) if (containerHasHealthCheck(t, c.name)) c.healthStatus = 'HEALTHY'
      t.version += 1
      const service = serviceOf(state, t)
      const deployment = service?.deployments.find(d => d.id === t.deploymentId)
      // failedTasks counts consecutive failures: a task that runs healthily resets it (unless resetOnHealthyTask is false).
      const reset = service?.deploymentConfiguration.circuitBreaker.resetOnHealthyTask !== false
      if (deployment && reset) deployment.failedTasks = 0
    }
    reportTasksChanged(state, tasks)
  })
}

function containerHasHealthCheck(task: TaskRecord, name: string): boolean {
  const defs = Array.isArray(task.taskDefinition.body.containerDefinitions)
    ? task.taskDefinition.body.containerDefinitions
    : []
  return defs.some(c => isObject(c) && c.name === name && isObject(c.healthCheck))
}

function hasHealthCheck(task: TaskRecord): boolean {
  return task.containers.some(c => containerHasHealthCheck(task, c.name))
}
