// Did the one-off task pass the gate? Exit 0 of every essential container passes; anything else fails, with why.
// Pure: the verdict of a task as DescribeTasks shows it once STOPPED, or of a RunTask answer with failures[].
import type { Failure, Task } from '@aws-sdk/client-ecs'

export type TaskVerdict =
  | { ok: true; exitCode: number }
  | {
      ok: false
      /** One line a person can act on. */
      reason: string
      /** The exit code of the command's container, when it exited. */
      exitCode?: number
      /** The task never started (placement, image pull, secrets): its command never ran. */
      neverStarted: boolean
    }

/** Stop reasons of a task that never got to run its command. */
const START_FAILURES =
  /^(CannotPullContainerError|ResourceInitializationError|CannotStartContainerError|CannotCreateContainerError|CannotInspectContainerError|SpotInterruption|OutOfMemoryError|InternalError|TaskFailedToStart)/

/**
 * The verdict of a STOPPED task. `essential` names the task definition's essential containers (all of them when
 * the definition says nothing); `container` is the one that ran the command; `timedOut` says the action stopped it.
 */
export function taskVerdict(
  task: Task,
  essential: readonly string[],
  container: string,
  timedOut = false,
  timeoutMinutes?: number
): TaskVerdict {
  const containers = task.containers ?? []
  const commandContainer = containers.find(c => c.name === container)
  const exitCode = commandContainer?.exitCode
  const stopped = task.stoppedReason ?? ''
  const withExit = { ...(exitCode !== undefined ? { exitCode } : {}) }
  if (timedOut)
    return {
      ok: false,
      reason: `The task ran past run-task-timeout-minutes (${timeoutMinutes ?? '?'}) and was stopped.`,
      ...withExit,
      neverStarted: false
    }
  const neverStarted =
    task.stopCode === 'TaskFailedToStart' || START_FAILURES.test(stopped) || task.startedAt === undefined
  if (neverStarted && containers.every(c => c.exitCode === undefined)) {
    const why = stopped || containers.map(c => c.reason).find(r => r) || 'the task stopped before it started'
    return { ok: false, reason: `The task failed to start: ${why}`, neverStarted: true }
  }
  if (task.stopCode === 'UserInitiated')
    return {
      ok: false,
      reason: `The task was stopped before it finished: ${stopped || 'stopped by a user'}`,
      ...withExit,
      neverStarted: false
    }
  for (const name of essential.length > 0 ? essential : containers.map(c => c.name ?? '')) {
    const c = containers.find(x => x.name === name)
    if (c?.exitCode === 0) continue
    const because = c?.reason ? ` (${c.reason})` : stopped ? ` (${stopped})` : ''
    const what =
      c?.exitCode === undefined
        ? `Container ${name} did not exit normally${because || ' (no exit code)'}`
        : `Container ${name} exited with code ${c.exitCode}${c.reason ? ` (${c.reason})` : ''}`
    return { ok: false, reason: `${what}.`, ...withExit, neverStarted: false }
  }
  return { ok: true, exitCode: exitCode ?? 0 }
}

/** RunTask answered no task, only failures[] (no capacity, no container instance, ...). */
export function placementVerdict(failures: readonly Failure[]): TaskVerdict {
  const text = failures
    .map(f => [f.reason, f.detail].filter(Boolean).join(': ') + (f.arn ? ` (${f.arn})` : ''))
    .join('; ')
  return {
    ok: false,
    reason: `ECS could not place the task: ${text || 'RunTask returned no task and no failure'}.`,
    neverStarted: true
  }
}
