// What a person reads while a service deployment runs: one line per change (stage, traffic, counts), hooks,
// monitors, and how to continue a pause hook. Pure.
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookDetail,
  ServiceDeployment,
  ServiceRevisionSummary
} from '@aws-sdk/client-ecs'
import { formatDuration } from '../duration.js'
import { knownEndAt, type StageClock } from './staged-cadence.js'
import { awaitingPauseHook } from './staged-verdict.js'

function percent(n: number | undefined): string {
  return `${Math.round((n ?? 0) * 10) / 10} %`
}

/** Statuses where the deployment goes back or stops: the status leads the line, the stage is where it is. */
const BACKWARD = [
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
  'STOP_REQUESTED',
  'STOPPED'
]

function countsOf(label: string, r: ServiceRevisionSummary | undefined): string {
  if (!r) return ''
  const pending = (r.pendingTaskCount ?? 0) > 0 ? `, pending ${r.pendingTaskCount}` : ''
  return ` | ${label} running ${r.runningTaskCount ?? 0}/${r.requestedTaskCount ?? 0}${pending}`
}

/**
 * The deployment in one line, e.g. `PRODUCTION_TRAFFIC_SHIFT: 10 % → blue/green 90/10 | web:3 running 2/2`,
 * `BAKE_TIME: 4m left | web:3 running 2/2`, or while it goes back
 * `ROLLBACK_IN_PROGRESS, stage BAKE_TIME | web:3 running 0/0 | web:2 running 2/2`. Printed when anything but the
 * time left changes.
 */
export function stagedProgressLine(
  sd: ServiceDeployment,
  config: DeploymentConfiguration | undefined,
  clock: StageClock,
  now: number,
  targetLabel: string,
  /** The revision a rollback returns to, named (its counts are shown while going back). */
  sourceLabel = 'the previous revision'
): string {
  const target = sd.targetServiceRevision
  const counts = countsOf(targetLabel, target)
  if (BACKWARD.includes(sd.status ?? '')) {
    const where = sd.lifecycleStage ? `, stage ${sd.lifecycleStage}` : ''
    return `${sd.status}${where}${counts}${countsOf(sourceLabel, sd.sourceServiceRevisions?.[0])}`
  }
  const stage = sd.lifecycleStage ?? sd.status ?? 'unknown'
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
    t?.requestedTaskCount,
    sd.sourceServiceRevisions?.[0]?.runningTaskCount,
    sd.sourceServiceRevisions?.[0]?.requestedTaskCount
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

/** Says each change of a hook's status and of the monitors once, and remembers the stage each hook was first seen in. */
export class HookAndMonitorLines {
  /** The lifecycle stage each hook was first seen in (the API does not say). */
  readonly hookStages = new Map<string, string>()
  private readonly hookStatus = new Map<string, string>()
  private lastMonitors = ''

  next(sd: ServiceDeployment): string[] {
    const lines: string[] = []
    for (const h of sd.lifecycleHookDetails ?? []) {
      const id = h.hookId ?? ''
      if (!this.hookStages.has(id) && sd.lifecycleStage) this.hookStages.set(id, sd.lifecycleStage)
      if (this.hookStatus.get(id) !== h.status) {
        this.hookStatus.set(id, h.status ?? '')
        lines.push(hookLine(h, this.hookStages.get(id)))
      }
    }
    const monitors = monitorsLine(sd) ?? ''
    if (monitors !== this.lastMonitors) {
      this.lastMonitors = monitors
      if (monitors) lines.push(`Monitors: ${monitors}`)
    }
    return lines
  }
}
