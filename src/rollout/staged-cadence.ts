// When a service deployment's current wait (a bake, a traffic step, a pause) ends by its configuration, and how
// often to look at it. Pure.
import type { DeploymentConfiguration, ServiceDeployment } from '@aws-sdk/client-ecs'
import { eventsEvery, isQuiet, waitPace } from './attention.js'
import { nextPollDelay } from './cadence.js'
import { awaitingPauseHook } from './staged-verdict.js'

/** The configured minutes of the stage's waits, from the deployment's own configuration (or the service's). */
export interface StageClock {
  /** The earliest moment the deployment can have entered its current stage: the look before the first that saw it. */
  stageSeenAt: number
  /** The same for the production traffic weight's last change. */
  weightSeenAt: number
}

function bakeMinutes(config: DeploymentConfiguration | undefined): number {
  return config?.bakeTimeInMinutes ?? 0
}

/** Minutes ECS waits after this production weight before the next step (LINEAR, CANARY), or undefined. */
function stepWaitMinutes(config: DeploymentConfiguration | undefined, weight: number): number | undefined {
  if (weight <= 0 || weight >= 100) return undefined
  if (config?.strategy === 'LINEAR') return config.linearConfiguration?.stepBakeTimeInMinutes ?? 6
  if (config?.strategy === 'CANARY') return config.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10
  return undefined
}

/** When the current wait (a bake, a traffic step) ends by the configuration, or undefined when no wait is known. */
export function knownEndAt(
  sd: ServiceDeployment,
  config: DeploymentConfiguration | undefined,
  clock: StageClock
) {
  if (sd.status !== 'IN_PROGRESS') return undefined
  if (sd.lifecycleStage === 'BAKE_TIME') return clock.stageSeenAt + bakeMinutes(config) * 60_000
  if (sd.lifecycleStage === 'PRODUCTION_TRAFFIC_SHIFT') {
    const minutes = stepWaitMinutes(config, sd.targetServiceRevision?.requestedProductionTrafficWeight ?? 0)
    return minutes === undefined ? undefined : clock.weightSeenAt + minutes * 60_000
  }
  const pause = awaitingPauseHook(sd)
  return pause?.expiresAt?.getTime()
}

/** In a wait whose end comes at a time ECS knows (a bake, a traffic step, a pause) or a hook decides. */
export function isWaiting(
  sd: ServiceDeployment,
  config: DeploymentConfiguration | undefined,
  clock: StageClock
): boolean {
  return (
    knownEndAt(sd, config, clock) !== undefined ||
    sd.lifecycleStage === 'BAKE_TIME' ||
    (sd.status === 'IN_PROGRESS' && (sd.lifecycleHookDetails ?? []).some(h => h.status === 'IN_PROGRESS'))
  )
}

/** The first seconds, and the look right after a change, where tasks move: a bad revision fails quickly. */
export const STAGED_FAST_PHASE_MS = 20_000
export const STAGED_FAST_MS = 1_000
/** Stages where tasks move (scale up, clean up, a rollback): they start and stop any moment. */
export const STAGED_MOVING_MS = 1_500
/**
 * From a known end (reckoned from the earliest moment its stage can have begun, so ECS moves on at it or up to one
 * look later) until STAGED_PAST_END_MS after it, a look every STAGED_DUE_MS.
 */
export const STAGED_DUE_MS = 1_000
export const STAGED_PAST_END_MS = 5_000

export interface StagedCadenceInput {
  elapsedMs: number
  polls: number
  /** The deployment changed on the last look. */
  changed: boolean
  /** Since the look that last saw the deployment change (the first look counts as one). */
  sinceChangeMs: number
  /** Milliseconds until the current wait ends by the configuration (negative: past it); undefined: none known. */
  untilKnownEndMs?: number
  /** In a wait (bake, traffic step, hook) rather than a stage where tasks move. */
  waiting: boolean
  throttled: number
  random: number
}

/** Milliseconds to the next DescribeServiceDeployments. */
export function nextStagedPollDelay(input: StagedCadenceInput): number {
  if (input.throttled > 0)
    return nextPollDelay({ ...input, moving: false, nearDone: false, throttled: input.throttled })
  if (!input.waiting)
    return input.elapsedMs < STAGED_FAST_PHASE_MS || input.changed ? STAGED_FAST_MS : STAGED_MOVING_MS
  const until = input.untilKnownEndMs
  if (until !== undefined && until <= 0 && until >= -STAGED_PAST_END_MS) return STAGED_DUE_MS
  // In a wait, attention follows change (attention.ts).
  const pace = waitPace(input.sinceChangeMs)
  // The last wait before a known end is shorter, so a look lands on it.
  return until === undefined || until < 0 ? pace : Math.min(pace, until)
}

/** Milliseconds between DescribeServices reads when nothing changed: less often in a wait quiet for a while. */
export function stagedEventsEvery(input: Pick<StagedCadenceInput, 'waiting' | 'sinceChangeMs'>): number {
  return eventsEvery(input.waiting && isQuiet(input.sinceChangeMs))
}
