// The life of a one-off task with a scripted outcome (see run-task-scenario.ts): PROVISIONING → PENDING →
// ACTIVATING → RUNNING, its log lines arriving over time in its awslogs stream, then its containers exit
// (DEPROVISIONING → STOPPED), or it runs until StopTask, or it never starts (CannotPullContainerError,
// ResourceInitializationError). Every step checks that nobody stopped the task meanwhile.
import { ms, schedule } from './clock.js'
import { isObject } from './input.js'
import { messages } from './rules.js'
import type { RunTaskScript } from './run-task-scenario.js'
import type { ContainerRecord, EcsState, TaskRecord } from './state.js'
import { reportTasksChanged, touch } from './task-status.js'

const defaultRunSeconds = 5

export const resourceInitializationReason =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: service call has been retried 1 time(s): failed to fetch secret from all regions.'

/** Where a container's awslogs lines go: `${group}\n${prefix}/${container}/${taskId}`, if it logs with awslogs. */
export function awslogsStream(task: TaskRecord, container: ContainerRecord): string | undefined {
  const config = container.logConfiguration
  if (!config || config.logDriver !== 'awslogs' || !isObject(config.options)) return undefined
  const group = config.options['awslogs-group']
  const prefix = config.options['awslogs-stream-prefix']
  if (typeof group !== 'string' || typeof prefix !== 'string') return undefined
  return `${group}\n${prefix}/${container.name}/${task.id}`
}

/** Schedules the scripted life of these tasks, about `container` (the one the script matched). */
export function scheduleScriptedLife(
  state: EcsState,
  tasks: TaskRecord[],
  script: RunTaskScript,
  container: string
): void {
  const start = state.time
  const startSeconds = Math.max(1, state.scenario.taskStartSeconds)
  const runSeconds = script.runSeconds ?? defaultRunSeconds
  const step = (atSeconds: number, run: (task: TaskRecord) => void): void => {
    schedule(state, start + ms(state, atSeconds), () => {
      const live = tasks.filter(t => t.desiredStatus === 'RUNNING')
      for (const t of live) run(t)
      if (live.length > 0) reportTasksChanged(state, live)
    })
  }

  step(0.2 * startSeconds, t => {
    touch(state, t, 'PENDING')
    t.pullStartedAt = state.time
  })
  if (script.failsToStart) {
    const failure = script.failsToStart
    step(0.5 * startSeconds, t => failToStart(state, t, failure, script.reason, container))
    return
  }
  step(0.7 * startSeconds, t => {
    touch(state, t, 'ACTIVATING')
    t.pullStoppedAt = state.time
    t.connectivityAt = state.time
  })
  step(startSeconds, t => {
    touch(state, t, 'RUNNING')
    t.startedAt = state.time
    for (const c of t.containers) {
      c.lastStatus = 'RUNNING'
      c.runtimeId = `${t.id}-${c.name}`
    }
  })
  const lines = script.logLines ?? []
  lines.forEach((line, index) => {
    step(startSeconds + (runSeconds * index) / Math.max(1, lines.length), t =>
      writeLine(state, t, container, line)
    )
  })
  if (script.runsUntilStopped) return
  step(startSeconds + runSeconds, t => exit(state, t, script, container))
}

function writeLine(state: EcsState, task: TaskRecord, name: string, message: string): void {
  const container = task.containers.find(c => c.name === name)
  const key = container ? awslogsStream(task, container) : undefined
  if (key === undefined) return
  const stream = state.logs.get(key) ?? []
  stream.push({ timestamp: state.time, message })
  state.logs.set(key, stream)
}

/** The essential container exits: the others are stopped with it, then the task is deprovisioned. */
function exit(state: EcsState, task: TaskRecord, script: RunTaskScript, name: string): void {
  for (const c of task.containers) {
    c.lastStatus = 'STOPPED'
    c.exitCode = c.name === name ? (script.exitCode ?? 0) : (script.exitCodes?.[c.name] ?? 0)
  }
  end(state, task, messages.essentialExited, 'EssentialContainerExited')
}

function failToStart(
  state: EcsState,
  task: TaskRecord,
  failure: NonNullable<RunTaskScript['failsToStart']>,
  reason: string | undefined,
  name: string
): void {
  const container = task.containers.find(c => c.name === name)
  const stoppedReason =
    reason ??
    (failure === 'CannotPullContainerError'
      ? messages.pullFailed(container?.image ?? '')
      : resourceInitializationReason)
  for (const c of task.containers) {
    c.lastStatus = 'STOPPED'
    if (failure === 'CannotPullContainerError' && c.name === name) c.reason = stoppedReason
  }
  end(state, task, stoppedReason, 'TaskFailedToStart')
}

function end(state: EcsState, task: TaskRecord, reason: string, stopCode: string): void {
  task.desiredStatus = 'STOPPED'
  task.stoppingAt = state.time
  task.executionStoppedAt = state.time
  task.stoppedReason = reason
  task.stopCode = stopCode
  touch(state, task, 'DEPROVISIONING')
  schedule(state, state.time + ms(state, 1), () => {
    task.stoppedAt = state.time
    touch(state, task, 'STOPPED')
    reportTasksChanged(state, [task])
  })
}
