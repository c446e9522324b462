// Following a CodeDeploy blue/green deployment of an ECS service: one pure decision per look at GetDeployment and
// GetDeploymentTarget, and the progress lines a person reads. Every deployment status is handled; an unknown one is
// reported and never taken for success.
import type { DeploymentInfo, ECSTarget, ECSTaskSet, LifecycleEvent } from '@aws-sdk/client-codedeploy'
import type { OnPause } from '../settings/index.js'
import { taskDefinitionLabel } from './progress.js'
import { formatDuration } from '../duration.js'
import type { RolloutOutcome } from './types.js'

/** How long a Failed deployment may wait for the rollback its group's automatic rollback starts. */
export const CODEDEPLOY_ROLLBACK_APPEAR_MS = 30_000
/** How long a deployment just created may be missing from GetDeployment. */
export const CODEDEPLOY_NOT_FOUND_GRACE_MS = 10_000

export const KNOWN_STATUSES = [
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Ready',
  'Succeeded',
  'Failed',
  'Stopped'
] as const

export interface CodeDeployWatchRequest {
  cluster: string
  service: string
  deploymentId: string
  taskDefinitionArn: string
  timeoutMs: number
  /** Fail (and, with rollback-on-failure, stop the deployment) after this many stopped replacement tasks; 0: never. */
  maxTaskFailures: number
  onPause: OnPause
  /** rollback-on-failure: follow a rollback CodeDeploy starts to its end, rather than fail at once. */
  followRollback: boolean
  /** The deployment group rolls back a failed deployment by itself (autoRollbackConfiguration DEPLOYMENT_FAILURE). */
  groupRollsBackOnFailure: boolean
  /** The group's termination wait: how long Baking lasts before the original task set goes. */
  terminationWaitMinutes: number
  /** The group's Ready wait (deploymentReadyOption STOP_DEPLOYMENT), if it has one. */
  readyWaitMinutes?: number
}

export interface CodeDeployLook {
  now: number
  info?: DeploymentInfo
  target?: ECSTarget
  /** Stopped tasks of the replacement task set so far. */
  stoppedTaskCount: number
  /** Why they stopped, in one line, when known. */
  taskExplanation?: string
}

export interface CodeDeployWatchState {
  startedAt: number
  /** The deployment being followed: ours, or CodeDeploy's rollback of it. */
  following: string
  /** Set once CodeDeploy rolls ours back: why ours failed. */
  rollback?: { of: string; failure: string }
  status?: string
  events: Record<string, string>
  taskSets: string
  failedSeenAt?: number
  readyAnnounced: boolean
  /** ContinueDeployment READY_WAIT was asked for (on-pause continue). */
  continued: boolean
}

export interface CodeDeployVerdict {
  outcome: RolloutOutcome
  ok: boolean
  cause: string
  details: string[]
  /** The deployment is still running: StopDeployment can still stop (and roll back) it. */
  active: boolean
  /** CodeDeploy's rollback deployment, when there is one. */
  rollbackDeploymentId?: string
}

export type CodeDeployStep =
  | { kind: 'wait' }
  | { kind: 'continue' }
  | { kind: 'follow-rollback'; rollbackDeploymentId: string; failure: string }
  | { kind: 'done'; verdict: CodeDeployVerdict }

export interface CodeDeployDecision {
  state: CodeDeployWatchState
  step: CodeDeployStep
  /** Progress lines for the log, in order. */
  lines: string[]
}

export function initialCodeDeployState(request: CodeDeployWatchRequest, now: number): CodeDeployWatchState {
  return {
    startedAt: now,
    following: request.deploymentId,
    events: {},
    taskSets: '',
    readyAnnounced: false,
    continued: false
  }
}

/** The command that continues a deployment waiting in Ready. */
export function continueCommand(id: string): string {
  return `aws deploy continue-deployment --deployment-id ${id} --deployment-wait-type READY_WAIT`
}

const followCommand = (id: string) => `aws deploy get-deployment --deployment-id ${id}`

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
function trafficPhrase(target: ECSTarget | undefined): string {
  const sets = target?.taskSetsInfo ?? []
  if (sets.length === 0) return ''
  return ` Traffic when it ended: ${sets.map(s => `${(s.taskSetLabel ?? 'task set').toLowerCase()} ${s.trafficWeight ?? 0} %`).join(', ')}.`
}

/** The replacement (Green) task set's id, whose tasks carry it as startedBy. */
export function replacementTaskSetId(target: ECSTarget | undefined): string | undefined {
  return target?.taskSetsInfo?.find(s => s.taskSetLabel === 'Green')?.identifer
}

function currentEvent(target: ECSTarget | undefined): LifecycleEvent | undefined {
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
function failureOf(request: CodeDeployWatchRequest, look: CodeDeployLook, status: string): string {
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

const done = (
  state: CodeDeployWatchState,
  verdict: CodeDeployVerdict,
  lines: string[]
): CodeDeployDecision => ({
  state,
  step: { kind: 'done', verdict },
  lines
})

/** Progress lines for what changed since the last look, and the state that remembers it. */
function progress(
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

export function decideCodeDeploy(
  request: CodeDeployWatchRequest,
  previous: CodeDeployWatchState,
  look: CodeDeployLook
): CodeDeployDecision {
  const moved = progress(request, previous, look)
  let state = moved.state
  const lines = moved.lines
  const id = state.following
  const label = taskDefinitionLabel(request.taskDefinitionArn)
  const status = look.info?.status
  const elapsed = look.now - state.startedAt
  const rollback = state.rollback

  if (!look.info) {
    if (elapsed < CODEDEPLOY_NOT_FOUND_GRACE_MS) return { state, step: { kind: 'wait' }, lines }
    return done(
      state,
      {
        outcome: 'FAILED',
        ok: false,
        cause: `CodeDeploy no longer returns deployment ${id}; check it with: ${followCommand(id)}`,
        details: [],
        active: false
      },
      lines
    )
  }

  if (rollback) {
    // Following CodeDeploy's rollback of ours: Succeeded means the original task set serves again.
    if (status === 'Succeeded')
      return done(
        state,
        {
          outcome: 'ROLLED_BACK',
          ok: false,
          cause: `CodeDeploy rolled back to the original task set (rollback deployment ${id} succeeded). ${rollback.failure}`,
          details: [],
          active: false,
          rollbackDeploymentId: id
        },
        lines
      )
    if (status === 'Failed' || status === 'Stopped')
      return done(
        state,
        {
          outcome: 'FAILED',
          ok: false,
          cause: `${rollback.failure}; CodeDeploy's rollback deployment ${id} ended ${status}${look.info.errorInformation?.message ? `: ${look.info.errorInformation.message}` : ''}. Check the service's task sets: the original one may not serve all traffic.`,
          details: [],
          active: false,
          rollbackDeploymentId: id
        },
        lines
      )
  }

  switch (status) {
    case 'Succeeded':
      return done(
        state,
        {
          outcome: 'COMPLETED',
          ok: true,
          cause: `CodeDeploy deployment ${id} of ${label} succeeded: production traffic is on the replacement task set and the original one is terminated`,
          details: [],
          active: false
        },
        lines
      )
    case 'Failed':
    case 'Stopped': {
      state = { ...state, failedSeenAt: state.failedSeenAt ?? look.now }
      const failure = failureOf(request, look, status)
      const rollbackId = look.info.rollbackInfo?.rollbackDeploymentId
      if (rollbackId) {
        if (request.followRollback) {
          lines.push(
            `${failure}.`,
            `CodeDeploy rolls back with deployment ${rollbackId}; following it to its end.`
          )
          return {
            state,
            step: { kind: 'follow-rollback', rollbackDeploymentId: rollbackId, failure },
            lines
          }
        }
        const follow = `CodeDeploy rolls back by itself with deployment ${rollbackId} (traffic back to the original task set); the run does not wait for it (rollback-on-failure is false). Follow it with: ${followCommand(rollbackId)}`
        return done(
          state,
          {
            outcome: 'ROLLING_BACK',
            ok: false,
            cause: `${failure}. ${follow}`,
            details: [follow],
            active: false,
            rollbackDeploymentId: rollbackId
          },
          lines
        )
      }
      if (
        status === 'Failed' &&
        request.groupRollsBackOnFailure &&
        look.now - (state.failedSeenAt ?? look.now) < CODEDEPLOY_ROLLBACK_APPEAR_MS
      )
        return { state, step: { kind: 'wait' }, lines }
      const noRollback =
        ' The deployment group started no automatic rollback for it, so CodeDeploy leaves the task sets as they are.' +
        trafficPhrase(look.target)
      return done(
        state,
        {
          outcome: status === 'Stopped' ? 'STOPPED' : 'FAILED',
          ok: false,
          cause: `${failure}.${noRollback}`,
          details: [],
          active: false
        },
        lines
      )
    }
    case 'Ready': {
      if (request.onPause === 'continue' && !state.continued) {
        state = { ...state, continued: true }
        lines.push(
          `Continuing deployment ${id} at once (on-pause is continue): ContinueDeployment READY_WAIT`
        )
        return { state, step: { kind: 'continue' }, lines }
      }
      if (request.onPause === 'exit')
        return done(
          state,
          {
            outcome: 'PAUSED',
            ok: true,
            cause: `CodeDeploy deployment ${id} of ${label} waits in Ready: the replacement task set runs and takes no production traffic until it is continued (on-pause is exit). Continue it with: ${continueCommand(id)}`,
            details: [],
            active: true
          },
          lines
        )
      if (!state.readyAnnounced) {
        state = { ...state, readyAnnounced: true }
        lines.push(
          `Waiting for the deployment to be continued elsewhere (on-pause is wait): ${continueCommand(id)}`
        )
      }
      break
    }
    case 'Created':
    case 'Queued':
    case 'InProgress':
    case 'Baking':
      break
    default:
      return done(
        state,
        {
          outcome: 'FAILED',
          ok: false,
          cause: `CodeDeploy reports deployment ${id} as "${String(status)}", a status release-to-ecs does not know: it is not taken for success. Check it with: ${followCommand(id)}`,
          details: [],
          active: true
        },
        lines
      )
  }

  if (
    !rollback &&
    request.maxTaskFailures > 0 &&
    look.stoppedTaskCount >= request.maxTaskFailures &&
    status !== 'Baking'
  )
    return done(
      state,
      {
        outcome: 'FAILED',
        ok: false,
        cause:
          `${look.stoppedTaskCount} tasks of the replacement task set (${label}) stopped (max-task-failures is ${request.maxTaskFailures}): ` +
          `${look.taskExplanation ?? `tasks of ${label} stopped`}. CodeDeploy deployment ${id} is still ${status}.`,
        details: [],
        active: true
      },
      lines
    )

  if (elapsed >= request.timeoutMs) {
    const event = currentEvent(look.target)
    const where = event ? `, lifecycle event ${event.lifecycleEventName} ${event.status}` : ''
    const hint =
      status === 'Ready'
        ? ' It waits for ContinueDeployment (on-pause is wait).'
        : status === 'Baking'
          ? ` It is in the termination wait (${request.terminationWaitMinutes} min): raise wait-for-minutes to cover it, or shorten the group's termination wait.`
          : ' Raise wait-for-minutes if the deployment needs longer.'
    const which = rollback
      ? `CodeDeploy's rollback deployment ${id} (after ${rollback.of} failed)`
      : `CodeDeploy deployment ${id} of ${label}`
    return done(
      state,
      {
        outcome: 'TIMED_OUT',
        ok: false,
        cause: `${which} did not finish within ${formatDuration(request.timeoutMs)}: it is ${status ?? 'unknown'}${where}.${hint}${rollback ? ` ${rollback.failure}` : ''}`,
        details: [],
        active: !rollback
      },
      lines
    )
  }
  return { state, step: { kind: 'wait' }, lines }
}

/** Switches the state to following CodeDeploy's rollback deployment. */
export function followingRollback(
  state: CodeDeployWatchState,
  rollbackDeploymentId: string,
  failure: string,
  now: number
): CodeDeployWatchState {
  return {
    ...state,
    startedAt: now,
    following: rollbackDeploymentId,
    rollback: { of: state.following, failure },
    status: undefined,
    events: {},
    taskSets: ''
  }
}
