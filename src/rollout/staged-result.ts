// The result of following a service deployment, from its verdict and what the watch saw: the cause with why tasks
// stopped (when they failed), the last progress line, events, stopped tasks and the stage timeline. Pure.
import { explainStoppedTasks, formatStoppedTask } from './explain.js'
import type { StagedVerdict } from './staged-verdict.js'
import type { StoppedTasks } from './tasks.js'
import type { RolloutResult, ServiceEventLine, StageSpan } from './types.js'

export interface StagedSeen {
  taskDefinitionArn: string
  /** The deployment's last progress line, named. */
  lastLine?: string
  tasks: Pick<StoppedTasks, 'reports' | 'definition'>
  /** The circuit breaker counted failed tasks. */
  tasksFailed: boolean
  events: ServiceEventLine[]
  timeline: StageSpan[]
  polls: number
  finishedAt: number
}

export function stagedResult(verdict: StagedVerdict, seen: StagedSeen): RolloutResult {
  const { tasks } = seen
  // Tasks explain a failure only when they failed (the circuit breaker counted them); a rollback stops the rest.
  const explained =
    verdict.ok || !seen.tasksFailed
      ? undefined
      : explainStoppedTasks(tasks.reports, seen.taskDefinitionArn, tasks.definition)
  const details = [
    ...verdict.details,
    ...(seen.lastLine ? [seen.lastLine] : []),
    ...(explained ? [explained] : []),
    ...(seen.tasksFailed ? tasks.reports.slice(-3).flatMap(formatStoppedTask) : [])
  ]
  return {
    outcome: verdict.outcome,
    ok: verdict.ok,
    cause:
      explained && !verdict.ok && verdict.outcome !== 'REPLACED'
        ? `${verdict.cause} (${explained})`
        : verdict.cause,
    details,
    events: seen.events,
    stoppedTasks: tasks.reports,
    ...(verdict.restoredTaskDefinitionArn
      ? { restoredTaskDefinitionArn: verdict.restoredTaskDefinitionArn }
      : {}),
    ...(verdict.stage ? { stage: verdict.stage } : {}),
    finishedAt: seen.finishedAt,
    polls: seen.polls,
    timeline: seen.timeline
  }
}
