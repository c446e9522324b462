// When a service deployment's current wait (a bake, a traffic step, a pause) ends by its configuration, and how
// often to look at it. Pure.
import type { DeploymentConfiguration, ServiceDeployment } from '@aws-sdk/client-ecs'
import { nextPollDelay } from './cadence.js'
import { awaitingPauseHook } from './staged-verdict.js'

/** The configured minutes of the stage's waits, from the deployment's own configuration (or the service's). */
export interface StageClock {
  /** When the run first saw the deployment in its current stage. */
  stageSeenAt: number
  /** When the production traffic weight last changed. */
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

/** The first seconds, and right after a change: a bad revision or a hook fails quickly. */
export const STAGED_FAST_PHASE_MS = 20_000
export const STAGED_FAST_MS = 1_000
/** Stages where things move (scale up, clean up, a rollback): tasks start and stop any moment. */
export const STAGED_MOVING_MS = 1_500
/** In a long wait (a bake, a traffic step, a pause) far from its known end. */
export const STAGED_QUIET_MS = 4_000
/** Start looking every DUE_MS this long before a known end... */
export const STAGED_END_LEAD_MS = 1_500
export const STAGED_DUE_MS = 750

export interface StagedCadenceInput {
  elapsedMs: number
  polls: number
  /** The deployment changed on the last look. */
  changed: boolean
  /** Milliseconds until the current wait ends by the configuration; undefined: none known. */
  untilKnownEndMs?: number
  /** In a wait (bake, traffic step, pause) rather than a stage where tasks move. */
  waiting: boolean
  throttled: number
  random: number
}

/** Milliseconds to the next DescribeServiceDeployments. */
export function nextStagedPollDelay(input: StagedCadenceInput): number {
  if (input.throttled > 0)
    return nextPollDelay({ ...input, moving: false, nearDone: false, throttled: input.throttled })
  if (input.elapsedMs < STAGED_FAST_PHASE_MS || input.changed) return STAGED_FAST_MS
  const until = input.untilKnownEndMs
  if (until !== undefined) {
    if (until - STAGED_END_LEAD_MS <= STAGED_DUE_MS) return STAGED_DUE_MS
    return Math.min(STAGED_QUIET_MS, until - STAGED_END_LEAD_MS)
  }
  return input.waiting ? STAGED_QUIET_MS : STAGED_MOVING_MS
}
