// How often to ask ECS: fast enough to notice the end within a second, cheap enough for a long rollout. Pure.
import type { Deployment } from '@aws-sdk/client-ecs'
import { saysTasksStopped, taskIdsIn } from './progress.js'

export interface CadenceInput {
  /** Since the watch began. */
  elapsedMs: number
  /** DescribeServices calls made so far. */
  polls: number
  /** Counts of the followed deployment changed, or new events arrived, on the last poll. */
  moving: boolean
  /** The followed deployment looks about to finish (all its tasks running and no old one, or tasks failing). */
  nearDone: boolean
  /** Its tasks are failing: a FAILED verdict may come any moment, whatever old tasks are doing. */
  failing?: boolean
  /**
   * The drain forecast: milliseconds until the earliest moment the deployment can complete (0: any moment now);
   * undefined without a forecast (no load balancer, or its deregistration delay unknown).
   */
  untilEarliestEndMs?: number
  /** Consecutive throttled (or transiently failed) polls. */
  throttled: number
  /** A number in [0, 1) for jitter. */
  random: number
}

export const FAST_PHASE_MS = 20_000
export const FAST_MS = 1_000
export const MOVING_MS = 1_500
export const IDLE_MS = 3_000
/** Long-run budget: at most one call per 2.4 s plus a burst, so a long rollout averages well over 2 s per call. */
export const BUDGET_MS_PER_CALL = 2_400
export const BUDGET_BURST = 20
export const MAX_BACKOFF_MS = 20_000
/** With a drain forecast: start looking closely this long before the earliest possible end... */
export const END_LEAD_MS = 1_500
/** ...and this often once it is due: a look within a second of the end even with a slow answer. */
export const DUE_MS = 750

/** Milliseconds to wait before the next DescribeServices call. */
export function nextPollDelay(input: CadenceInput): number {
  if (input.throttled > 0) {
    // Exponential backoff with "equal jitter": half fixed, half random.
    const base = Math.min(MAX_BACKOFF_MS, 2_000 * 2 ** (input.throttled - 1))
    return Math.round(base / 2 + (input.random * base) / 2)
  }
  const pace = input.moving ? MOVING_MS : IDLE_MS
  const wanted = forecastDelay(input, pace) ?? (endIsNear(input) ? FAST_MS : pace)
  // Earliest time the budget allows the next call; only ever slows us down, never past IDLE_MS.
  const budgetAt = (input.polls + 1 - BUDGET_BURST) * BUDGET_MS_PER_CALL - input.elapsedMs
  return Math.min(IDLE_MS, Math.max(wanted, budgetAt))
}

/**
 * With a drain forecast (and no failing tasks): the usual pace until just before the earliest end, then every
 * DUE_MS once all new tasks run. Undefined where the forecast says nothing (no forecast, or new tasks still
 * starting when the end could come).
 */
function forecastDelay(input: CadenceInput, pace: number): number | undefined {
  const untilEnd = input.failing ? undefined : input.untilEarliestEndMs
  if (untilEnd === undefined) return undefined
  if (untilEnd - END_LEAD_MS > DUE_MS) return Math.min(pace, untilEnd - END_LEAD_MS)
  return input.nearDone ? DUE_MS : undefined
}

/** Early on (a bad image fails within seconds) and once the deployment looks about to finish, look every second. */
function endIsNear(input: CadenceInput): boolean {
  return input.elapsedMs < FAST_PHASE_MS || input.nearDone
}

/** The hints nextPollDelay needs, from two consecutive looks at the followed deployment. */
export function pollHints(
  previous: Deployment | undefined,
  current: Deployment | undefined,
  freshEvents: number,
  /** Running tasks of the other (old) deployments. */
  oldRunning: number,
  /** The service's earlySuccessCriteria: done with fewer new tasks, and (DEFERRED) before the old ones are gone. */
  early?: { healthyTasks: number; deferredCleanup: boolean }
): { moving: boolean; nearDone: boolean; failing: boolean } {
  const key = (d: Deployment | undefined) =>
    d ? [d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks, d.desiredCount].join('/') : ''
  const moving = freshEvents > 0 || key(previous) !== key(current)
  if (!current) return { moving, nearDone: true, failing: true }
  // Failed tasks announce a FAILED verdict. COMPLETED needs all new tasks running and every old task stopped, so it
  // is near once no old task runs any more: they are stopping or draining (a drain forecast then says how long).
  if (current.rolloutState === 'FAILED' || (current.failedTasks ?? 0) > 0)
    return { moving, nearDone: true, failing: true }
  const running = current.runningCount ?? 0
  const allRunning = running === (current.desiredCount ?? 0) && (current.pendingCount ?? 0) === 0
  const earlyDone = !!early && running >= early.healthyTasks && (early.deferredCleanup || oldRunning === 0)
  return { moving, nearDone: (allRunning && oldRunning === 0) || earlyDone, failing: false }
}

/**
 * An event that may mean a task of ours stopped. "has stopped N running tasks: (task ...)" names the tasks: when
 * none of them was started since the followed deployment began, they are old ones stopping as planned.
 */
function hintsAtStoppedTask(message: string, startedTaskIds: ReadonlySet<string>): boolean {
  if (!/stopped|failed|unhealthy|health check/i.test(message)) return false
  if (!saysTasksStopped(message)) return true
  const ids = taskIdsIn(message)
  return ids.length === 0 || ids.some(id => startedTaskIds.has(id))
}

/** Errors worth waiting out: throttling, ECS server faults, timeouts and dropped connections. */
export function isRetryable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 3; depth++) {
    const { name, code, $metadata } = e as {
      name?: unknown
      code?: unknown
      $metadata?: { httpStatusCode?: number }
    }
    const label = `${typeof name === 'string' ? name : ''} ${typeof code === 'string' ? code : ''}`
    if (
      /Throttl|TooManyRequests|RequestLimitExceeded|ServerException|ServiceUnavailable|InternalFailure|TimeoutError|ECONNRESET|ETIMEDOUT|EAI_AGAIN/.test(
        label
      )
    )
      return true
    if (($metadata?.httpStatusCode ?? 0) >= 500) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/** Least time between two ListTasks calls for stopped tasks. */
export const LIST_STOPPED_MIN_MS = 5_000
/** While tasks are still missing, look for stopped ones at least this often even without a hint. */
export const LIST_STOPPED_SAFETY_MS = 30_000

/**
 * Whether to ask ECS for stopped tasks of the followed deployment now: only on a hint that one stopped
 * (failed count up, counts dropping, a "stopped"/"failed"/health event not only about old tasks), and never more
 * often than every 5 s.
 */
export function shouldListStoppedTasks(
  previous: Deployment | undefined,
  current: Deployment | undefined,
  freshMessages: string[],
  msSinceLastList: number,
  undescribedTasks: boolean,
  /** Tasks the service's "has started" events named since the followed deployment began. */
  startedTaskIds: ReadonlySet<string>
): boolean {
  if (!current || msSinceLastList < LIST_STOPPED_MIN_MS) return false
  if (undescribedTasks) return true
  if ((current.failedTasks ?? 0) > (previous?.failedTasks ?? 0)) return true
  const running = current.runningCount ?? 0
  const pending = current.pendingCount ?? 0
  if (
    previous &&
    (running < (previous.runningCount ?? 0) ||
      (pending < (previous.pendingCount ?? 0) && running <= (previous.runningCount ?? 0)))
  )
    return true
  if (freshMessages.some(m => hintsAtStoppedTask(m, startedTaskIds))) return true
  const short = running < (current.desiredCount ?? 0)
  return short && current.rolloutState !== 'COMPLETED' && msSinceLastList >= LIST_STOPPED_SAFETY_MS
}
