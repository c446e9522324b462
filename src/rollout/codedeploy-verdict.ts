// Following a CodeDeploy blue/green deployment of an ECS service: one pure decision per look at GetDeployment and
// GetDeploymentTarget. Every deployment status is handled; an unknown one is reported and never taken for success.
import { formatDuration } from '../duration.js'
import {
  codeDeployProgress,
  continueCommand,
  currentEvent,
  failureOf,
  followCommand,
  trafficPhrase
} from './codedeploy-progress.js'
import type {
  CodeDeployDecision,
  CodeDeployLook,
  CodeDeployVerdict,
  CodeDeployWatchRequest,
  CodeDeployWatchState
} from './codedeploy-types.js'
import { taskDefinitionLabel } from './progress.js'

/** How long a Failed deployment may wait for the rollback its group's automatic rollback starts. */
export const CODEDEPLOY_ROLLBACK_APPEAR_MS = 30_000
/** How long a deployment just created may be missing from GetDeployment. */
export const CODEDEPLOY_NOT_FOUND_GRACE_MS = 10_000

const done = (
  state: CodeDeployWatchState,
  verdict: CodeDeployVerdict,
  lines: string[]
): CodeDeployDecision => ({
  state,
  step: { kind: 'done', verdict },
  lines
})

export function decideCodeDeploy(
  request: CodeDeployWatchRequest,
  previous: CodeDeployWatchState,
  look: CodeDeployLook
): CodeDeployDecision {
  const moved = codeDeployProgress(request, previous, look)
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
    case 'Stopped':
      return failedOrStopped(request, state, look, status, lines)
    case 'Ready': {
      const ready = whileReady(request, state, lines)
      if (ready.step.kind !== 'wait') return ready
      state = ready.state
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

  if (elapsed >= request.timeoutMs) return timedOut(request, state, look, lines)
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

/** Failed or Stopped: follow CodeDeploy's rollback (rollback-on-failure), fail naming it, or wait a moment for it. */
function failedOrStopped(
  request: CodeDeployWatchRequest,
  previous: CodeDeployWatchState,
  look: CodeDeployLook,
  status: 'Failed' | 'Stopped',
  lines: string[]
): CodeDeployDecision {
  let state = previous
  state = { ...state, failedSeenAt: state.failedSeenAt ?? look.now }
  const failure = failureOf(request, look, status)
  const rollbackId = look.info?.rollbackInfo?.rollbackDeploymentId
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

/** Ready (waiting for ContinueDeployment), like a pause: continue it, end the step, or say once how to continue it. */
function whileReady(
  request: CodeDeployWatchRequest,
  previous: CodeDeployWatchState,
  lines: string[]
): CodeDeployDecision {
  const id = previous.following
  if (request.onPause === 'continue' && !previous.continued) {
    lines.push(`Continuing deployment ${id} at once (on-pause is continue): ContinueDeployment READY_WAIT`)
    return { state: { ...previous, continued: true }, step: { kind: 'continue' }, lines }
  }
  if (request.onPause === 'exit')
    return done(
      previous,
      {
        outcome: 'PAUSED',
        ok: true,
        cause: `CodeDeploy deployment ${id} of ${taskDefinitionLabel(request.taskDefinitionArn)} waits in Ready: the replacement task set runs and takes no production traffic until it is continued (on-pause is exit). Continue it with: ${continueCommand(id)}`,
        details: [],
        active: true
      },
      lines
    )
  if (previous.readyAnnounced) return { state: previous, step: { kind: 'wait' }, lines }
  lines.push(
    `Waiting for the deployment to be continued elsewhere (on-pause is wait): ${continueCommand(id)}`
  )
  return { state: { ...previous, readyAnnounced: true }, step: { kind: 'wait' }, lines }
}

/** wait-for-minutes ran out: where the deployment was, and what to do about it. */
function timedOut(
  request: CodeDeployWatchRequest,
  state: CodeDeployWatchState,
  look: CodeDeployLook,
  lines: string[]
): CodeDeployDecision {
  const id = state.following
  const label = taskDefinitionLabel(request.taskDefinitionArn)
  const status = look.info?.status
  const rollback = state.rollback
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
