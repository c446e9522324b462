// How tasks end: stopped by the scheduler or a user (draining first behind a load balancer), or failing as the
// scenario says (image pull, essential container exit, health checks), with the failing container's log lines.
import { ms, schedule } from './clock.js'
import { isObject } from './input.js'
import { serviceOf } from './lookup.js'
import { messages, namesTaskSets } from './rules.js'
import { addEvent, targetEvents } from './service-events.js'
import type { EcsState, ServiceRecord, TaskFate, TaskRecord } from './state.js'
import { reportTasksChanged, reportTasksFailed, touch } from './task-status.js'

const maxLogStreams = 1000

/** Stop tasks the way ECS does: running ones behind a load balancer drain first (DEACTIVATING), then STOPPING, DEPROVISIONING, STOPPED. */
export function stopTasks(
  state: EcsState,
  tasks: TaskRecord[],
  reason: string,
  stopCode: string,
  announceFor: ServiceRecord | undefined
): void {
  const wasRunning = tasks.filter(t => t.lastStatus === 'RUNNING')
  const notRunning = tasks.filter(t => t.lastStatus !== 'RUNNING')
  for (const t of tasks) {
    t.desiredStatus = 'STOPPED'
    t.stoppingAt = state.time
    t.stoppedReason = reason
    t.stopCode = stopCode
  }
  const finish = (group: TaskRecord[], drainMs: number): void => {
    schedule(state, state.time + drainMs, () => {
      for (const t of group) touch(state, t, 'STOPPING')
      if (announceFor && group === wasRunning) {
        addEvent(
          state,
          announceFor,
          messages.stopped(
            announceFor.name,
            group.map(t => t.id)
          )
        )
      }
    })
    schedule(state, state.time + drainMs + ms(state, 1), () => {
      for (const t of group) {
        t.executionStoppedAt = state.time
        for (const c of t.containers) {
          if (c.lastStatus === 'RUNNING') c.exitCode ??= 143
          c.lastStatus = 'STOPPED'
        }
        touch(state, t, 'DEPROVISIONING')
      }
    })
    schedule(state, state.time + drainMs + ms(state, 2), () => {
      for (const t of group) {
        t.stoppedAt = state.time
        touch(state, t, 'STOPPED')
      }
      reportTasksChanged(state, group)
    })
  }
  if (wasRunning.length > 0) {
    // Behind a load balancer a task drains (DEACTIVATING) for the deregistration delay, or not at all when its
    // target holds no connections; without one it stops at once.
    const service = announceFor ?? serviceOf(state, wasRunning[0]!)
    const behindTargetGroups = (service?.loadBalancers ?? []).some(
      lb => typeof lb.targetGroupArn === 'string'
    )
    if (service && behindTargetGroups) {
      for (const t of wasRunning) touch(state, t, 'DEACTIVATING')
      const taskSet = namesTaskSets(service) ? wasRunning[0]?.deploymentId : undefined
      addEvent(state, service, messages.draining(service.name, wasRunning.length, taskSet))
      targetEvents(state, wasRunning, 'deregistered')
    }
    const drains = behindTargetGroups && !state.scenario.idleTargets
    finish(wasRunning, drains ? ms(state, state.scenario.drainSeconds) : 0)
  }
  if (notRunning.length > 0) finish(notRunning, 0)
}

/** The scenario's failure happens to these tasks now. */
export function failTasks(state: EcsState, tasks: TaskRecord[]): void {
  const first = tasks[0]
  const fate = first?.fate
  if (!first || !fate) return
  const kind = fate.failure.kind
  for (const t of tasks) {
    for (const c of t.containers) {
      const failing = c.name === fate.container
      if (kind === 'pull') {
        c.lastStatus = 'STOPPED'
        if (failing) c.reason = messages.pullFailed(fate.image)
      } else if (kind === 'exit') {
        c.lastStatus = 'STOPPED'
        c.exitCode = failing ? (fate.failure.exitCode ?? 1) : 143
      } else if (failing) {
        c.healthStatus = 'UNHEALTHY'
      }
    }
    if (kind === 'health-check') t.healthStatus = 'UNHEALTHY'
    writeLogs(state, t, fate)
    const service = serviceOf(state, t)
    if (kind === 'health-check' && service)
      addEvent(state, service, messages.healthCheckFailed(service.name, t.id))
  }
  if (kind === 'health-check') {
    stopTasks(state, tasks, messages.healthCheckStopped, 'ServiceSchedulerInitiated', undefined)
  } else {
    const reason = kind === 'pull' ? messages.pullFailed(fate.image) : messages.essentialExited
    const stopCode = kind === 'pull' ? 'TaskFailedToStart' : 'EssentialContainerExited'
    for (const t of tasks) {
      t.desiredStatus = 'STOPPED'
      t.stoppingAt = state.time
      t.executionStoppedAt = state.time
      t.stoppedReason = reason
      t.stopCode = stopCode
      touch(state, t, 'DEPROVISIONING')
    }
    schedule(state, state.time + ms(state, 1), () => {
      for (const t of tasks) {
        t.stoppedAt = state.time
        touch(state, t, 'STOPPED')
      }
      reportTasksChanged(state, tasks)
    })
  }
  reportTasksFailed(state, tasks)
}

/** The failing container's log lines, spread over its life, in its awslogs stream. */
function writeLogs(state: EcsState, task: TaskRecord, fate: TaskFate): void {
  const lines = fate.failure.logLines ?? []
  const container = task.containers.find(c => c.name === fate.container)
  const options =
    container?.logConfiguration && isObject(container.logConfiguration.options)
      ? container.logConfiguration.options
      : {}
  const group = options['awslogs-group']
  const prefix = options['awslogs-stream-prefix']
  if (lines.length === 0 || typeof group !== 'string' || typeof prefix !== 'string') return
  const key = `${group}\n${prefix}/${fate.container}/${task.id}`
  const from = task.startedAt ?? task.pullStartedAt ?? task.createdAt
  const span = Math.max(0, state.time - from)
  const stream = state.logs.get(key) ?? []
  lines.forEach((message, index) => {
    stream.push({ timestamp: Math.round(from + (span * index) / Math.max(1, lines.length)), message })
  })
  state.logs.set(key, stream)
  // Oldest streams go first once there are many (a failing service left alone writes one per task).
  for (const oldest of state.logs.keys()) {
    if (state.logs.size <= maxLogStreams) break
    state.logs.delete(oldest)
  }
}
