// Is an ECS service deployment (BLUE_GREEN, LINEAR, CANARY) done, and how? One verdict per look at
// DescribeServiceDeployments' ServiceDeployment; never success but on SUCCESSFUL. Pure.
import type { DeploymentLifecycleHookDetail, ServiceDeployment } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { LIFECYCLE_STAGES, type WaitUntil } from '../settings/types.js'
import { formatDuration } from '../duration.js'
import { taskDefinitionLabel } from './progress.js'
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

const FINAL_STATUSES = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']
const ROLLBACK_STATUSES = [
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
]
export const isOngoing = (sd: ServiceDeployment) => ['PENDING', 'IN_PROGRESS'].includes(sd.status ?? '')
export const isRollingBack = (sd: ServiceDeployment) => ROLLBACK_STATUSES.includes(sd.status ?? '')
export const isFinal = (sd: ServiceDeployment) => FINAL_STATUSES.includes(sd.status ?? '')

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

/** wait-for-minutes ran out (and the run does not, or no longer may, ask ECS to roll back): where it was left. */
export function timedOutVerdict(
  sd: ServiceDeployment,
  ctx: StagedContext,
  timeoutMs: number,
  /** The deployment's progress line. */
  line: string
): StagedVerdict {
  const which = ctx.ourRollback || isRollingBack(sd) ? "ECS's rollback of " : ''
  return fail(
    'TIMED_OUT',
    `${which}${deploymentName(ctx)} did not finish within ${formatDuration(timeoutMs)}: ${line}. ` +
      (ctx.waitUntil.kind === 'deployed' && sd.lifecycleStage === 'BAKE_TIME'
        ? 'Raise wait-for-minutes, or set wait-until: BAKE_TIME to end the step once the bake begins.'
        : 'Raise wait-for-minutes if the deployment needs longer.')
  )
}
