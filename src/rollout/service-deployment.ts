// Is an ECS service deployment (BLUE_GREEN, LINEAR, CANARY) done, and how? What a person reads while it runs, and
// how often to look. Pure functions over DescribeServiceDeployments' ServiceDeployment.
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookDetail,
  ServiceDeployment
} from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { LIFECYCLE_STAGES, type WaitUntil } from '../settings/types.js'
import { nextPollDelay } from './cadence.js'
import { taskDefinitionLabel } from './progress.js'
import { formatDuration } from '../duration.js'
import type { RolloutOutcome } from './types.js'

/** Every status the SDK's model has. Only SUCCESSFUL is a successful deploy. */
export const SERVICE_DEPLOYMENT_STATUSES = [
  'PENDING',
  'IN_PROGRESS',
  'STOP_REQUESTED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'SUCCESSFUL',
  'STOPPED',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
] as const

export interface StagedContext {
  serviceDeploymentArn: string
  /** The task definition this run deploys. */
  targetTaskDefinitionArn: string
  waitUntil: WaitUntil
  /** rollback-on-failure: follow ECS's rollback to its end rather than fail when it starts. */
  followRollback: boolean
  /** The run itself asked ECS to roll back (wait-for-minutes ran out): why. */
  ourRollback?: string
  /** Task definitions of service revisions (by revision ARN), as far as read. */
  revisions: ReadonlyMap<string, string>
  /** What the service ran before this run (DescribeServices). */
  previousTaskDefinitionArn?: string
  /** The lifecycle stage each hook was first seen in (the API does not say). */
  hookStages: ReadonlyMap<string, string>
  /** The last lifecycle stage seen while the deployment was going forward. */
  lastStage?: string
}

export interface StagedVerdict {
  outcome: RolloutOutcome
  ok: boolean
  cause: string
  details: string[]
  restoredTaskDefinitionArn?: string
  stage?: string
}

/** "Service deployment 9Fm2... of web:3". */
export function deploymentName(ctx: Pick<StagedContext, 'serviceDeploymentArn' | 'targetTaskDefinitionArn'>) {
  return `Service deployment ${shortArn(ctx.serviceDeploymentArn)} of ${taskDefinitionLabel(ctx.targetTaskDefinitionArn)}`
}

export function stageIndex(stage: string | undefined): number {
  return LIFECYCLE_STAGES.indexOf((stage ?? '') as (typeof LIFECYCLE_STAGES)[number])
}

const FAILED_HOOK = ['FAILED', 'TIMED_OUT']

/** Hooks that failed or timed out (with ROLLBACK: a CONTINUE timeout lets the deployment go on). */
export function failedHooks(sd: ServiceDeployment): DeploymentLifecycleHookDetail[] {
  return (sd.lifecycleHookDetails ?? []).filter(
    h => FAILED_HOOK.includes(h.status ?? '') && !(h.status === 'TIMED_OUT' && h.timeoutAction === 'CONTINUE')
  )
}

/** The pause hook the deployment waits on, if any. */
export function awaitingPauseHook(sd: ServiceDeployment): DeploymentLifecycleHookDetail | undefined {
  if (sd.status !== 'IN_PROGRESS') return undefined
  return (sd.lifecycleHookDetails ?? []).find(h => h.status === 'AWAITING_ACTION')
}

/** Nothing is failing: no failed hook, no alarm in ALARM, no tripped circuit breaker. */
export function isHealthy(sd: ServiceDeployment): boolean {
  return (
    failedHooks(sd).length === 0 &&
    sd.alarms?.status !== 'TRIGGERED' &&
    (sd.alarms?.triggeredAlarmNames ?? []).length === 0 &&
    sd.deploymentCircuitBreaker?.status !== 'TRIGGERED'
  )
}

/** wait-until: the deployment is in that stage or past it, still going forward, and healthy. */
export function stageReached(sd: ServiceDeployment, stage: string): boolean {
  const at = stageIndex(sd.lifecycleStage)
  return sd.status === 'IN_PROGRESS' && at >= 0 && at >= stageIndex(stage) && isHealthy(sd)
}

function hookName(h: DeploymentLifecycleHookDetail): string {
  return h.targetType === 'PAUSE' || !h.targetArn ? `pause hook ${h.hookId ?? '?'}` : `hook ${h.targetArn}`
}

/** Why the deployment failed: ECS's reason, then what tripped (circuit breaker, alarms, hooks). */
export function whyFailed(sd: ServiceDeployment, ctx: StagedContext): string {
  const parts: string[] = []
  const reason = sd.rollback?.reason ?? sd.statusReason
  if (ctx.ourRollback) parts.push(ctx.ourRollback)
  else if (reason) parts.push(reason.replace(/\.$/, ''))
  const breaker = sd.deploymentCircuitBreaker
  if (breaker?.status === 'TRIGGERED')
    parts.push(`circuit breaker: ${breaker.failureCount ?? '?'} of ${breaker.threshold ?? '?'} tasks failed`)
  const alarms = sd.alarms?.triggeredAlarmNames ?? []
  if (alarms.length > 0) parts.push(`alarm${alarms.length > 1 ? 's' : ''} in ALARM: ${alarms.join(', ')}`)
  for (const h of failedHooks(sd)) {
    const stage = ctx.hookStages.get(h.hookId ?? '')
    parts.push(`${hookName(h)} ${h.status}${stage ? ` in ${stage}` : ''}`)
  }
  return parts.length > 0 ? parts.join('; ') : 'ECS gave no reason'
}

/** The revision a rollback returns to: "web:2 (service revision 1234...)". */
export function rollbackTarget(
  sd: ServiceDeployment,
  ctx: Pick<StagedContext, 'revisions' | 'previousTaskDefinitionArn'>
): { label: string; taskDefinitionArn?: string } {
  const arn = sd.rollback?.serviceRevisionArn ?? sd.sourceServiceRevisions?.[0]?.arn
  const td = (arn && ctx.revisions.get(arn)) || ctx.previousTaskDefinitionArn
  const revision = arn ? ` (service revision ${shortArn(arn)})` : ''
  return {
    label: `${td ? taskDefinitionLabel(td) : 'the previous revision'}${revision}`,
    taskDefinitionArn: td
  }
}

function where(sd: ServiceDeployment, ctx: StagedContext): string {
  const stage = sd.lifecycleStage ?? ctx.lastStage
  return stage ? ` in ${stage}` : ''
}

function fail(outcome: RolloutOutcome, cause: string, details: string[] = []): StagedVerdict {
  return { outcome, ok: false, cause, details }
}

/** The verdict on one look at the deployment; undefined: keep following. Never success but on SUCCESSFUL. */
export function judgeServiceDeployment(
  sd: ServiceDeployment,
  ctx: StagedContext,
  /** The service's currentServiceDeployment at the last look, to tell a superseded deployment. */
  currentArn?: string
): StagedVerdict | undefined {
  const name = deploymentName(ctx)
  const follow = `aws ecs describe-service-deployments --service-deployment-arns ${ctx.serviceDeploymentArn}`
  switch (sd.status) {
    case 'SUCCESSFUL':
      return { outcome: 'COMPLETED', ok: true, cause: `${name} succeeded`, details: [] }
    case 'PENDING':
    case 'IN_PROGRESS': {
      const wanted = ctx.waitUntil.kind === 'stage' ? ctx.waitUntil.stage : undefined
      if (wanted && stageReached(sd, wanted))
        return {
          outcome: 'STAGE_REACHED',
          ok: true,
          stage: sd.lifecycleStage,
          cause:
            `${name} reached ${sd.lifecycleStage} healthy (wait-until is ${wanted}); ECS goes on without this run. ` +
            `Follow it with: ${follow}`,
          details: []
        }
      return undefined
    }
    case 'ROLLBACK_REQUESTED':
    case 'ROLLBACK_IN_PROGRESS': {
      if (ctx.followRollback || ctx.ourRollback) return undefined
      const to = rollbackTarget(sd, ctx)
      return fail(
        'ROLLING_BACK',
        `${name} failed${where(sd, ctx)}: ${whyFailed(sd, ctx)}. ECS is rolling back to ${to.label}; ` +
          `the run does not wait for it (rollback-on-failure is false). Follow it with: ${follow}`
      )
    }
    case 'ROLLBACK_SUCCESSFUL': {
      const to = rollbackTarget(sd, ctx)
      return {
        ...fail(
          'ROLLED_BACK',
          `ECS rolled back to ${to.label}: ${name} failed${where(sd, ctx)}: ${whyFailed(sd, ctx)}`
        ),
        ...(to.taskDefinitionArn ? { restoredTaskDefinitionArn: to.taskDefinitionArn } : {})
      }
    }
    case 'ROLLBACK_FAILED': {
      const to = rollbackTarget(sd, ctx)
      return fail(
        'FAILED',
        `${name} failed${where(sd, ctx)} (${whyFailed(sd, ctx)}), and ECS's rollback to ${to.label} FAILED too` +
          `${sd.statusReason ? `: ${sd.statusReason}` : ''}. The service may be left between revisions: check it in the ECS console now.`
      )
    }
    case 'STOP_REQUESTED':
    case 'STOPPED': {
      const superseded =
        /supersed|newer service deployment/i.test(sd.statusReason ?? '') ||
        (currentArn !== undefined && currentArn !== ctx.serviceDeploymentArn)
      if (superseded)
        return fail(
          'REPLACED',
          `${name} was stopped${where(sd, ctx)}: superseded by a newer service deployment${currentArn && currentArn !== ctx.serviceDeploymentArn ? ` (${shortArn(currentArn)})` : ''}, started outside this run. ` +
            'Find out who deployed (service events, CloudTrail UpdateService) and re-run when the service is yours.'
        )
      return fail('FAILED', `${name} was stopped${where(sd, ctx)} by ${whoStopped(sd, ctx)}`)
    }
    default: {
      // A status newer than this action: never success; a finished one fails, an ongoing one is followed.
      if (!sd.finishedAt) return undefined
      return fail(
        'FAILED',
        `${name} ended with status ${sd.status ?? '(none)'}, which release-to-ecs does not know; it is not taken for success. ` +
          `Check it with: ${follow}`
      )
    }
  }
}

function whoStopped(sd: ServiceDeployment, ctx: StagedContext): string {
  const alarms = sd.alarms?.triggeredAlarmNames ?? []
  const reason = sd.statusReason ? `: ${sd.statusReason.replace(/\.$/, '')}` : ''
  if (alarms.length > 0)
    return `ECS: alarm${alarms.length > 1 ? 's' : ''} ${alarms.join(', ')} in ALARM, and the service's alarms do not roll back${reason}`
  if (sd.deploymentCircuitBreaker?.status === 'TRIGGERED')
    return `ECS's circuit breaker (${whyFailed(sd, ctx)}), which the service does not let roll back${reason}`
  return `a StopServiceDeployment outside this run${reason}`
}

/** A status or stage the SDK's model does not have: said once, never taken for success. */
export function unknownValues(sd: ServiceDeployment): string[] {
  const found: string[] = []
  if (!(SERVICE_DEPLOYMENT_STATUSES as readonly string[]).includes(sd.status ?? ''))
    found.push(`status ${sd.status ?? '(none)'}`)
  if (sd.lifecycleStage !== undefined && stageIndex(sd.lifecycleStage) < 0)
    found.push(`lifecycle stage ${sd.lifecycleStage}`)
  return found
}

// --- What a person reads -------------------------------------------------------------------------------------

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

function percent(n: number | undefined): string {
  return `${Math.round((n ?? 0) * 10) / 10} %`
}

/**
 * The deployment in one line, e.g. `PRODUCTION_TRAFFIC_SHIFT: 10 % → blue/green 90/10 | web:3 running 2/2` or
 * `BAKE_TIME: 4m left | web:3 running 2/2`. Printed when anything but the time left changes.
 */
export function stagedProgressLine(
  sd: ServiceDeployment,
  config: DeploymentConfiguration | undefined,
  clock: StageClock,
  now: number,
  targetLabel: string
): string {
  const stage = sd.lifecycleStage ?? sd.status ?? 'unknown'
  const target = sd.targetServiceRevision
  const test = target?.requestedTestTrafficWeight ?? 0
  const prod = target?.requestedProductionTrafficWeight ?? 0
  let detail = ''
  if (sd.status !== 'IN_PROGRESS') detail = sd.lifecycleStage ? (sd.status ?? 'unknown status') : ''
  else if (stage === 'TEST_TRAFFIC_SHIFT' || stage === 'POST_TEST_TRAFFIC_SHIFT')
    detail = `test ${percent(test)}`
  else if (stage === 'PRODUCTION_TRAFFIC_SHIFT' || stage === 'POST_PRODUCTION_TRAFFIC_SHIFT')
    detail = `${percent(prod)} → blue/green ${Math.round((100 - prod) * 10) / 10}/${Math.round(prod * 10) / 10}`
  const end = knownEndAt(sd, config, clock)
  if (end !== undefined && stage !== 'PRODUCTION_TRAFFIC_SHIFT' && !awaitingPauseHook(sd))
    detail = `${formatDuration(Math.max(0, end - now))} left`
  const counts = target
    ? ` | ${targetLabel} running ${target.runningTaskCount ?? 0}/${target.requestedTaskCount ?? 0}` +
      `${(target.pendingTaskCount ?? 0) > 0 ? `, pending ${target.pendingTaskCount}` : ''}`
    : ''
  return `${stage}${detail ? `: ${detail}` : ''}${counts}`
}

/** What changes the line, without the countdown: a new key prints a new line. */
export function progressKey(sd: ServiceDeployment): string {
  const t = sd.targetServiceRevision
  return [
    sd.status,
    sd.lifecycleStage,
    t?.requestedTestTrafficWeight,
    t?.requestedProductionTrafficWeight,
    t?.runningTaskCount,
    t?.pendingTaskCount,
    t?.requestedTaskCount
  ].join('/')
}

/** One line per hook: `hook <id> (AWS_LAMBDA arn:...): SUCCEEDED`. */
export function hookLine(h: DeploymentLifecycleHookDetail, stage: string | undefined): string {
  const target = h.targetType === 'PAUSE' ? 'PAUSE' : `${h.targetType ?? 'hook'} ${h.targetArn ?? ''}`.trim()
  return `Hook ${h.hookId ?? '?'} (${target})${stage ? ` in ${stage}` : ''}: ${h.status ?? 'unknown'}`
}

/** Alarms and circuit breaker, in one line, when they say something. */
export function monitorsLine(sd: ServiceDeployment): string | undefined {
  const parts: string[] = []
  const a = sd.alarms
  if (a && a.status && a.status !== 'DISABLED')
    parts.push(
      `alarms ${a.status}${(a.alarmNames ?? []).length > 0 ? ` (${(a.alarmNames ?? []).join(', ')})` : ''}` +
        `${(a.triggeredAlarmNames ?? []).length > 0 ? `, in ALARM: ${(a.triggeredAlarmNames ?? []).join(', ')}` : ''}`
    )
  const b = sd.deploymentCircuitBreaker
  if (b && b.status && b.status !== 'DISABLED')
    parts.push(`circuit breaker ${b.status}, ${b.failureCount ?? 0} of ${b.threshold ?? '?'} failed tasks`)
  return parts.length > 0 ? parts.join('; ') : undefined
}

/** The message for a pause hook that waits: which, until when, then what, and the exact command to continue it. */
export function pauseLines(
  sd: ServiceDeployment,
  hook: DeploymentLifecycleHookDetail,
  now: number,
  region: string | undefined
): string[] {
  const expires = hook.expiresAt
  const when = expires
    ? `it times out at ${expires.toISOString().replace('.000Z', 'Z')} (in ${formatDuration(expires.getTime() - now)}) and then ECS will ${hook.timeoutAction === 'CONTINUE' ? 'CONTINUE' : 'ROLLBACK'}`
    : `it times out with action ${hook.timeoutAction ?? 'ROLLBACK'}`
  const arn = sd.serviceDeploymentArn ?? ''
  return [
    `The deployment waits in ${sd.lifecycleStage ?? 'its stage'} on pause hook ${hook.hookId ?? '?'}; ${when}.`,
    `Continue it with: ${continueCommand(arn, hook.hookId ?? '', 'CONTINUE', region)}`,
    `(or roll it back with --action ROLLBACK, or run this action with continue-deployment: ${arn})`
  ]
}

export function continueCommand(
  arn: string,
  hookId: string,
  action: string,
  region: string | undefined
): string {
  return (
    `aws ecs continue-service-deployment --service-deployment-arn ${arn} --hook-id ${hookId} --action ${action}` +
    (region ? ` --region ${region}` : '')
  )
}

// --- How often to look ---------------------------------------------------------------------------------------

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
