// Is the rollout done, and how? One pure decision per look at the service.
import type { Deployment, Service, ServiceEvent, TaskDefinition } from '@aws-sdk/client-ecs'
import { isDeploymentDone } from '../deploy/facts.js'
import { explainStoppedTasks, formatStoppedTask, isHealthCheckFailure } from './explain.js'
import { formatDuration } from '../duration.js'
import { deploymentState, formatEvent, taskDefinitionLabel } from './progress.js'
import type { RolloutOutcome, StoppedTaskReport, WatchRequest } from './types.js'

export const DEFAULT_PLACEMENT_FAILURE_EVENTS = 5
export const DEFAULT_PLACEMENT_FAILURE_MS = 180_000
/** How long a FAILED deployment may wait for the rollback ECS is configured to start. */
export const ROLLBACK_APPEAR_MS = 30_000
/** How long our deployment may be missing from a fresh DescribeServices (eventual consistency). */
export const NOT_LISTED_GRACE_MS = 10_000

export interface WatchState {
  startedAt: number
  /** The deployment being followed: ours, or the rollback ECS started after ours failed. */
  following: { deploymentId: string; taskDefinitionArn: string }
  /** Set once ECS rolls back: why our deployment failed. */
  ecsRollback?: { failedDeploymentId: string; failure: string }
  seenOurs: boolean
  rollbackEventSeen: boolean
  failedSeenAt?: number
  placementEvents: number
  firstPlacementAt?: number
  lastPlacementMessage?: string
  healthCheckMessage?: string
  /** ECS's "(deployment ours) deployment failed: ..." event, the reason once ours has left the list. */
  failureEvent?: string
  lastRunning: number
  recentEvents: ServiceEvent[]
}

export interface Observation {
  now: number
  service: Service | undefined
  /** Events new since the last look, oldest first. */
  fresh: ServiceEvent[]
  /** Distinct tasks of our deployment that stopped (listed, maybe not all described yet). */
  stoppedTaskCount: number
  stoppedTasks: StoppedTaskReport[]
  taskDefinition?: TaskDefinition
}

export interface Verdict {
  outcome: RolloutOutcome
  ok: boolean
  cause: string
  details: string[]
  /** The lines of details the live log has not shown yet (counts at the end, hints). */
  notes: string[]
  restoredTaskDefinitionArn?: string
}

export interface Decision {
  state: WatchState
  verdict?: Verdict
}

export function initialState(request: WatchRequest, now: number): WatchState {
  return {
    startedAt: now,
    following: { deploymentId: request.deploymentId, taskDefinitionArn: request.taskDefinitionArn },
    seenOurs: false,
    rollbackEventSeen: false,
    placementEvents: 0,
    lastRunning: 0,
    recentEvents: []
  }
}

const PLACEMENT = /unable to place a task/i
const ROLLBACK = /rolling back to deployment/i
const FAILED_EVENT = /\(deployment (\S+)\) (deployment failed: .*)$/

/** Folds this look's events into what the decision remembers. */
function remember(
  state: WatchState,
  obs: Observation,
  ours: Deployment | undefined,
  deploymentId: string
): WatchState {
  const next = { ...state, recentEvents: [...state.recentEvents, ...obs.fresh].slice(-5) }
  for (const e of obs.fresh) {
    const message = e.message ?? ''
    if (ROLLBACK.test(message)) next.rollbackEventSeen = true
    const failed = FAILED_EVENT.exec(message)
    if (failed && failed[1] === deploymentId) next.failureEvent ??= failed[2]
    if (PLACEMENT.test(message)) {
      next.placementEvents++
      next.firstPlacementAt ??= obs.now
      next.lastPlacementMessage = message
    }
    if (!next.healthCheckMessage && isHealthCheckFailure(message)) next.healthCheckMessage = message
  }
  if (ours) {
    next.seenOurs = true
    const running = ours.runningCount ?? 0
    // A task of ours started running: whatever blocked placement has cleared.
    if (running > state.lastRunning) {
      next.placementEvents = 0
      next.firstPlacementAt = undefined
    }
    next.lastRunning = running
    if (ours.rolloutState === 'FAILED') next.failedSeenAt ??= obs.now
  }
  return next
}

/** The most useful one-line reason our tasks failed, if there is one. */
function taskExplanation(request: WatchRequest, state: WatchState, obs: Observation): string | undefined {
  return (
    explainStoppedTasks(obs.stoppedTasks, request.taskDefinitionArn, obs.taskDefinition) ??
    (state.healthCheckMessage
      ? `Tasks of ${taskDefinitionLabel(request.taskDefinitionArn)} failed health checks: ${state.healthCheckMessage}`
      : undefined)
  )
}

function taskDetails(obs: Observation): string[] {
  const latest = [...obs.stoppedTasks]
    .sort((a, b) => (a.stoppedAt?.getTime() ?? 0) - (b.stoppedAt?.getTime() ?? 0))
    .slice(-3)
  const lines = latest.flatMap(formatStoppedTask)
  if (obs.stoppedTaskCount > latest.length)
    lines.push(`(${obs.stoppedTaskCount} tasks of this deployment stopped in all)`)
  return lines
}

function eventDetails(state: WatchState): string[] {
  return state.recentEvents.length > 0
    ? ['Last service events:', ...state.recentEvents.map(e => `  ${formatEvent(e)}`)]
    : []
}

/** Why our deployment failed, with ECS's own reason in parentheses when tasks tell more. */
function ourFailure(
  request: WatchRequest,
  state: WatchState,
  obs: Observation,
  ours: Deployment | undefined
): string {
  const what = `Deployment ${request.deploymentId} of ${taskDefinitionLabel(request.taskDefinitionArn)} failed`
  // A failed deployment without tasks leaves the list quickly; ECS's event still says why.
  const stated = ours?.rolloutState === 'FAILED' || /circuit breaker/i.test(ours?.rolloutStateReason ?? '')
  const reason = (stated ? ours?.rolloutStateReason : undefined) ?? state.failureEvent
  const tasks = taskExplanation(request, state, obs)
  if (tasks) return `${what}: ${tasks}${reason ? ` (ECS: ${reason})` : ''}`
  return `${what}${reason ? `: ${reason}` : ''}`
}

function fail(outcome: RolloutOutcome, cause: string, details: string[], notes: string[] = []): Verdict {
  return { outcome, ok: false, cause, details, notes }
}

/**
 * ECS's circuit breaker failed our deployment and rolls back, and the run does not wait for that: it fails now,
 * naming where ECS goes back to (its rollback deployment when listed, else the revision the service ran before).
 */
function rollingBack(
  request: WatchRequest,
  failure: string,
  restoring: string | undefined,
  rollbackDeploymentId: string | undefined,
  details: string[]
): Verdict {
  const to = restoring ? taskDefinitionLabel(restoring) : 'the last completed task definition'
  const deployment = rollbackDeploymentId ? ` (deployment ${rollbackDeploymentId})` : ''
  const command = request.serviceDeploymentArn
    ? `aws ecs describe-service-deployments --service-deployment-arns ${request.serviceDeploymentArn}`
    : `aws ecs describe-services --cluster ${request.cluster} --services ${request.service} ` +
      '--query "services[0].deployments"'
  const follow =
    `ECS is rolling back to ${to}${deployment}; the run does not wait for it (rollback-on-failure is false). ` +
    `Follow it with: ${command}`
  return fail('ROLLING_BACK', `${failure}. ${follow}`, details, [follow])
}

export function decide(request: WatchRequest, previous: WatchState, obs: Observation): Decision {
  const service = obs.service
  const all = service?.deployments ?? []
  const ours = all.find(d => d.id === request.deploymentId)
  let state = remember(previous, obs, ours, request.deploymentId)
  const label = taskDefinitionLabel(request.taskDefinitionArn)

  if (!service || (service.status && service.status !== 'ACTIVE')) {
    const status = service ? `is ${service.status}` : 'was not found'
    return {
      state,
      verdict: fail(
        'SERVICE_INACTIVE',
        `Service ${request.service} ${status} in cluster ${request.cluster} while deployment ${request.deploymentId} rolled out: ` +
          'it was deleted or is being deleted. Check the service in the ECS console.',
        eventDetails(state)
      )
    }
  }

  const primary = all.find(d => d.status === 'PRIMARY')
  const stateLine = ours ? [`Deployment ${request.deploymentId}: ${deploymentState(ours)}`] : []
  const details = () => [...stateLine, ...taskDetails(obs), ...eventDetails(state)]

  if (!state.ecsRollback) {
    if (ours && isDeploymentDone(ours, all))
      return {
        state,
        verdict: {
          outcome: 'COMPLETED',
          ok: true,
          cause: `Deployment ${request.deploymentId} of ${label} completed`,
          details: [],
          notes: []
        }
      }

    const otherPrimary = primary && primary.id !== request.deploymentId ? primary : undefined
    const failed = ours?.rolloutState === 'FAILED'
    const rolledBack =
      otherPrimary &&
      (failed || state.rollbackEventSeen || /circuit breaker/i.test(ours?.rolloutStateReason ?? ''))
    if (rolledBack) {
      // ECS rolled back: follow its rollback deployment to the end rather than starting another, or, unless asked to
      // wait for it, fail now: the red X should not wait for ECS's rollback.
      state = {
        ...state,
        following: {
          deploymentId: otherPrimary.id ?? '',
          taskDefinitionArn: otherPrimary.taskDefinition ?? ''
        },
        ecsRollback: {
          failedDeploymentId: request.deploymentId,
          failure: ourFailure(request, state, obs, ours)
        }
      }
      if (!request.followEcsRollback)
        return {
          state,
          verdict: rollingBack(
            request,
            state.ecsRollback!.failure,
            otherPrimary.taskDefinition,
            otherPrimary.id,
            [...taskDetails(obs), ...eventDetails(state)]
          )
        }
    } else if (failed) {
      const rollbackComing = service.deploymentConfiguration?.deploymentCircuitBreaker?.rollback === true
      if (rollbackComing && !request.followEcsRollback)
        return {
          state,
          verdict: rollingBack(
            request,
            ourFailure(request, state, obs, ours),
            request.previousTaskDefinitionArn,
            undefined,
            details()
          )
        }
      if (rollbackComing && obs.now - (state.failedSeenAt ?? obs.now) < ROLLBACK_APPEAR_MS) return { state }
      return { state, verdict: fail('FAILED', ourFailure(request, state, obs, ours), details(), stateLine) }
    } else if (otherPrimary) {
      return {
        state,
        verdict: fail(
          'REPLACED',
          `Deployment ${request.deploymentId} of ${label} was replaced by deployment ${otherPrimary.id} of ` +
            `${taskDefinitionLabel(otherPrimary.taskDefinition)}, started outside this run. ` +
            'Find out who deployed (service events, CloudTrail UpdateService) and re-run when the service is yours.',
          details(),
          stateLine
        )
      }
    } else if (!ours) {
      if (!state.seenOurs && obs.now - state.startedAt < NOT_LISTED_GRACE_MS) return { state }
      return {
        state,
        verdict: fail(
          'FAILED',
          `Deployment ${request.deploymentId} is no longer listed on service ${request.service} and no other deployment took its place; check the service's events.`,
          eventDetails(state)
        )
      }
    } else {
      if (request.maxTaskFailures > 0 && obs.stoppedTaskCount >= request.maxTaskFailures) {
        const why = taskExplanation(request, state, obs) ?? `Tasks of ${label} stopped`
        return {
          state,
          verdict: fail(
            'FAILED',
            `${obs.stoppedTaskCount} tasks of ${label} stopped (max-task-failures is ${request.maxTaskFailures}): ${why}`,
            details(),
            stateLine
          )
        }
      }
      const maxEvents = request.placementFailureEvents ?? DEFAULT_PLACEMENT_FAILURE_EVENTS
      const maxMs = request.placementFailureMs ?? DEFAULT_PLACEMENT_FAILURE_MS
      if (
        state.placementEvents >= maxEvents ||
        (state.firstPlacementAt !== undefined && obs.now - state.firstPlacementAt >= maxMs)
      ) {
        const hints = [
          `${state.placementEvents} "unable to place a task" events since ${formatDuration(obs.now - (state.firstPlacementAt ?? obs.now))} ago.`,
          "Check the cluster's capacity (container instances, capacity providers, subnets) and the task's cpu, memory, ports and placement constraints."
        ]
        return {
          state,
          verdict: fail(
            'FAILED',
            `ECS could not place tasks of ${label} (a capacity problem): ${state.lastPlacementMessage ?? 'unable to place a task'}`,
            [...hints, ...details()],
            [...hints, ...stateLine]
          )
        }
      }
    }
  }

  if (state.ecsRollback) {
    const rollback = all.find(d => d.id === state.following.deploymentId)
    const restored = taskDefinitionLabel(state.following.taskDefinitionArn)
    const failure = state.ecsRollback.failure
    if (rollback && isDeploymentDone(rollback, all))
      return {
        state,
        verdict: {
          outcome: 'ROLLED_BACK',
          ok: false,
          cause: `ECS rolled back to ${restored} (deployment ${rollback.id} completed). ${failure}`,
          details: [...taskDetails(obs), ...eventDetails(state)],
          notes: [],
          restoredTaskDefinitionArn: state.following.taskDefinitionArn
        }
      }
    if (rollback?.rolloutState === 'FAILED')
      return {
        state,
        verdict: fail(
          'FAILED',
          `${failure}; ECS's rollback to ${restored} failed too: ${rollback.rolloutStateReason ?? 'no reason given'}`,
          [...taskDetails(obs), ...eventDetails(state)]
        )
      }
    if (!rollback || rollback.status !== 'PRIMARY')
      return {
        state,
        verdict: fail(
          'FAILED',
          `${failure}; ECS's rollback deployment ${state.following.deploymentId} to ${restored} was replaced by ${primary?.id ?? 'nothing'} before it completed.`,
          eventDetails(state)
        )
      }
  }

  if (obs.now - state.startedAt >= request.timeoutMs) {
    const followed = all.find(d => d.id === state.following.deploymentId)
    const recent = state.recentEvents.slice(-3).map(formatEvent)
    const which = state.ecsRollback
      ? `ECS's rollback to ${taskDefinitionLabel(state.following.taskDefinitionArn)} (deployment ${state.following.deploymentId}, after ${request.deploymentId} failed)`
      : `The rollout of ${label} (deployment ${request.deploymentId})`
    return {
      state,
      verdict: fail(
        'TIMED_OUT',
        `${which} did not finish within ${formatDuration(request.timeoutMs)}: ${deploymentState(followed)}` +
          (recent.length > 0 ? `; last events: ${recent.join(' / ')}` : '; ECS wrote no events') +
          '. Raise wait-for-minutes if the service needs longer to start.',
        details(),
        stateLine
      )
    }
  }
  return { state }
}
