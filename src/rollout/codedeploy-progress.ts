// What a person reads while CodeDeploy deploys: a line per status and lifecycle event change, the task sets'
// traffic weights and counts, and what a failed deployment says. Pure.
import type { DeploymentInfo, ECSTarget, ECSTaskSet, LifecycleEvent } from '@aws-sdk/client-codedeploy'
import { formatDuration } from '../duration.js'
import type { CodeDeployLook, CodeDeployWatchRequest, CodeDeployWatchState } from './codedeploy-types.js'
import { taskDefinitionLabel } from './progress.js'
import type { CodeDeployTimeline } from './types.js'

/** The command that continues a deployment waiting in Ready. */
export function continueCommand(id: string): string {
  return `aws deploy continue-deployment --deployment-id ${id} --deployment-wait-type READY_WAIT`
}

export const followCommand = (id: string) => `aws deploy get-deployment --deployment-id ${id}`

/** "Install: Succeeded (12s)"; with CodeDeploy's diagnostics of a failed hook when it gives them. */
export function lifecycleEventLine(event: LifecycleEvent): string {
  const took =
    event.startTime && event.endTime
      ? ` (${formatDuration(event.endTime.getTime() - event.startTime.getTime())})`
      : ''
  const why = event.diagnostics?.message ? `: ${event.diagnostics.message}` : ''
  return `  ${event.lifecycleEventName ?? 'lifecycle event'}: ${event.status ?? 'Unknown'}${took}${why}`
}

function taskSetPart(set: ECSTaskSet): string {
  const label = (set.taskSetLabel ?? 'task set').toLowerCase()
  const counts = `${set.runningCount ?? 0}/${set.desiredCount ?? 0} running${(set.pendingCount ?? 0) > 0 ? `, ${set.pendingCount} pending` : ''}`
  return `${label} ${set.identifer ?? ''} ${set.trafficWeight ?? 0} % traffic, ${counts}${set.status ? ` (${set.status})` : ''}`.replace(
    / {2,}/g,
    ' '
  )
}

/** One line for the task sets: traffic weights and counts, blue first. */
export function taskSetsLine(target: ECSTarget | undefined): string {
  const sets = [...(target?.taskSetsInfo ?? [])].sort((a, b) =>
    (a.taskSetLabel ?? '').localeCompare(b.taskSetLabel ?? '')
  )
  return sets.length > 0 ? `Task sets: ${sets.map(taskSetPart).join(' | ')}` : ''
}

/** Where the traffic is, in a phrase, for failures. */
export function trafficPhrase(target: ECSTarget | undefined): string {
  const sets = target?.taskSetsInfo ?? []
  if (sets.length === 0) return ''
  return ` Traffic when it ended: ${sets.map(s => `${(s.taskSetLabel ?? 'task set').toLowerCase()} ${s.trafficWeight ?? 0} %`).join(', ')}.`
}

/** The replacement (Green) task set's id, whose tasks carry it as startedBy. */
export function replacementTaskSetId(target: ECSTarget | undefined): string | undefined {
  return target?.taskSetsInfo?.find(s => s.taskSetLabel === 'Green')?.identifer
}

export function currentEvent(target: ECSTarget | undefined): LifecycleEvent | undefined {
  const events = target?.lifecycleEvents ?? []
  return events.find(e => e.status === 'InProgress') ?? events.find(e => e.status === 'Failed')
}

function failedEvent(target: ECSTarget | undefined): LifecycleEvent | undefined {
  return (target?.lifecycleEvents ?? []).find(e => e.status === 'Failed')
}

const STATUS_NOTES: Record<string, (r: CodeDeployWatchRequest) => string> = {
  Created: () => 'created; CodeDeploy starts it shortly',
  Queued: () => 'queued behind another deployment',
  InProgress: () => 'in progress',
  Baking: r =>
    `baking: all production traffic is on the replacement task set; CodeDeploy terminates the original one after the termination wait (${r.terminationWaitMinutes} min) and then reports Succeeded`,
  Ready: r =>
    `ready: the replacement task set runs and waits for ContinueDeployment before production traffic is rerouted${r.readyWaitMinutes !== undefined ? ` (the group stops the deployment after ${r.readyWaitMinutes} min)` : ''}`,
  Succeeded: () => 'succeeded',
  Failed: () => 'failed',
  Stopped: () => 'stopped'
}

/** What a failed or stopped deployment says: its error, the failed lifecycle event, why its tasks stopped. */
export function failureOf(request: CodeDeployWatchRequest, look: CodeDeployLook, status: string): string {
  const info = look.info
  const id = info?.deploymentId ?? request.deploymentId
  const error = info?.errorInformation
  const event = failedEvent(look.target)
  const parts = [
    `CodeDeploy deployment ${id} of ${taskDefinitionLabel(request.taskDefinitionArn)} ${status === 'Stopped' ? 'was stopped' : 'failed'}`
  ]
  if (error?.code || error?.message) parts.push(`: ${[error.code, error.message].filter(Boolean).join(': ')}`)
  if (event)
    parts.push(
      ` (lifecycle event ${event.lifecycleEventName} ${event.status}${event.diagnostics?.message ? `: ${event.diagnostics.message}` : ''})`
    )
  if (look.taskExplanation) parts.push(`. ${look.taskExplanation}`)
  return parts.join('').replace(/\.\s*\./g, '.')
}

/** Progress lines for what changed since the last look, and the state that remembers it. */
export function codeDeployProgress(
  request: CodeDeployWatchRequest,
  previous: CodeDeployWatchState,
  look: CodeDeployLook
): { state: CodeDeployWatchState; lines: string[] } {
  const lines: string[] = []
  const state = { ...previous, events: { ...previous.events } }
  const status = look.info?.status
  const id = state.following
  if (status && status !== previous.status) {
    const note = STATUS_NOTES[status]?.(request) ?? 'a status release-to-ecs does not know'
    lines.push(`CodeDeploy deployment ${id}${state.rollback ? ' (rollback)' : ''}: ${status} (${note})`)
    state.status = status
  }
  for (const event of look.target?.lifecycleEvents ?? []) {
    const name = event.lifecycleEventName ?? ''
    const eventStatus = event.status ?? 'Unknown'
    if (state.events[name] === eventStatus) continue
    // Pending is where every event starts: say nothing until it moves.
    if (state.events[name] !== undefined || eventStatus !== 'Pending') lines.push(lifecycleEventLine(event))
    state.events[name] = eventStatus
  }
  const sets = taskSetsLine(look.target)
  if (sets && sets !== previous.taskSets) {
    lines.push(sets)
    state.taskSets = sets
  }
  return { state, lines }
}

/** The deployment as the job summary shows it: lifecycle events with status and times, task sets with their weights. */
export function codeDeployTimeline(
  deploymentId: string,
  info: DeploymentInfo | undefined,
  target: ECSTarget | undefined,
  rollbackOf?: string
): CodeDeployTimeline {
  return {
    deploymentId,
    ...(rollbackOf ? { rollbackOf } : {}),
    ...(info?.status ? { status: info.status } : {}),
    lifecycleEvents: (target?.lifecycleEvents ?? []).map(e => ({
      name: e.lifecycleEventName ?? 'lifecycle event',
      status: e.status ?? 'Unknown',
      ...(e.startTime ? { startedAt: e.startTime.getTime() } : {}),
      ...(e.endTime ? { endedAt: e.endTime.getTime() } : {}),
      ...(e.diagnostics?.message ? { message: e.diagnostics.message } : {})
    })),
    taskSets: [...(target?.taskSetsInfo ?? [])]
      .sort((a, b) => (a.taskSetLabel ?? '').localeCompare(b.taskSetLabel ?? ''))
      .map(set => ({
        label: set.taskSetLabel ?? 'task set',
        ...(set.identifer ? { id: set.identifer } : {}),
        trafficWeight: set.trafficWeight ?? 0,
        running: set.runningCount ?? 0,
        desired: set.desiredCount ?? 0,
        ...(set.status ? { status: set.status } : {})
      }))
  }
}

/** The deployments two watches followed, each once (the later look wins), in the order first followed. */
export function mergeTimelines(
  a: CodeDeployTimeline[] | undefined,
  b: CodeDeployTimeline[] | undefined
): CodeDeployTimeline[] {
  const byId = new Map<string, CodeDeployTimeline>()
  for (const t of [...(a ?? []), ...(b ?? [])]) byId.set(t.deploymentId, t)
  return [...byId.values()]
}
