// Follows one ECS service deployment (BLUE_GREEN, LINEAR, CANARY) to its end: DescribeServiceDeployments for what
// ECS says it did, DescribeServices for its events, the stopped tasks for why tasks failed. Answers pause hooks as
// on-pause says, and on a timeout with rollback-on-failure asks ECS to roll back and follows that.
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookAction,
  Service,
  ServiceDeployment,
  ServiceRevision
} from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { describeAwsError } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { OnPause, WaitUntil } from '../settings/types.js'
import { isRetryable } from './cadence.js'
import { explainStoppedTasks, formatStoppedTask, summarizeStoppedTask } from './explain.js'
import { eventKey, formatEvent, freshEvents, taskDefinitionLabel } from './progress.js'
import { formatDuration } from '../duration.js'
import {
  awaitingPauseHook,
  deploymentName,
  hookLine,
  judgeServiceDeployment,
  knownEndAt,
  monitorsLine,
  nextStagedPollDelay,
  pauseLines,
  progressKey,
  stagedProgressLine,
  unknownValues,
  type StageClock,
  type StagedContext,
  type StagedVerdict
} from './service-deployment.js'
import { StoppedTasks } from './tasks.js'
import type {
  LogSource,
  RolloutResult,
  RolloutSource,
  ServiceEventLine,
  StageSpan,
  StoppedTaskReport
} from './types.js'
import { TASKS_IN_FULL } from './watch.js'

/** The Service Deployments API calls the watch makes; EcsApi has them. */
export interface ServiceDeploymentSource extends RolloutSource {
  describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]>
  describeServiceRevisions(arns: string[]): Promise<ServiceRevision[]>
  stopServiceDeployment(arn: string, stopType: 'ROLLBACK'): Promise<void>
  continueServiceDeployment(arn: string, hookId: string, action: DeploymentLifecycleHookAction): Promise<void>
}

export interface StagedWatchRequest {
  cluster: string
  service: string
  region?: string
  serviceDeploymentArn: string
  /** The deployments[] id of the same deployment (ecs-svc/...): its tasks are started by it. */
  deploymentId: string
  taskDefinitionArn: string
  previousTaskDefinitionArn?: string
  /** The service's deployment configuration before the update (when the deployment does not carry its own). */
  configuration?: DeploymentConfiguration
  timeoutMs: number
  followRollback: boolean
  waitUntil: WaitUntil
  onPause: OnPause
  /** A pause hook this run answers once seen (continue-deployment), and how. */
  answer?: { action: DeploymentLifecycleHookAction }
}

export interface StagedWatchDeps {
  ecs: ServiceDeploymentSource
  logs?: LogSource
  clock: Clock
  logger: Logger
  random?: () => number
}

/** A line at least this often while nothing changes. */
export const STAGED_HEARTBEAT_MS = 30_000
/** DescribeServices (for events) at most this often while the deployment waits (bake, step, pause). */
export const EVENTS_WHILE_WAITING_MS = 12_000
/** How long a new service deployment may be missing from DescribeServiceDeployments (eventual consistency). */
export const NOT_FOUND_GRACE_MS = 10_000

const FINAL_STATUSES = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED']
const ROLLBACK_STATUSES = [
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED'
]

export async function watchServiceDeployment(
  request: StagedWatchRequest,
  deps: StagedWatchDeps
): Promise<RolloutResult> {
  const { ecs, clock, logger } = deps
  const random = deps.random ?? Math.random
  const start = clock.now()
  let deadline = start + request.timeoutMs
  const arn = request.serviceDeploymentArn
  const label = taskDefinitionLabel(request.taskDefinitionArn)
  const tasks = new StoppedTasks(
    {
      cluster: request.cluster,
      service: request.service,
      deploymentId: request.deploymentId,
      taskDefinitionArn: request.taskDefinitionArn,
      timeoutMs: request.timeoutMs,
      maxTaskFailures: 0,
      followEcsRollback: request.followRollback
    },
    { source: ecs, logs: deps.logs, clock, logger }
  )
  const revisions = new Map<string, string>()
  const hookStages = new Map<string, string>()
  const hookStatus = new Map<string, string>()
  const timeline: StageSpan[] = []
  const seenEvents = new Set<string>()
  const events: ServiceEventLine[] = []
  const said = new Set<string>()
  const ctx: StagedContext = {
    serviceDeploymentArn: arn,
    targetTaskDefinitionArn: request.taskDefinitionArn,
    waitUntil: request.waitUntil,
    followRollback: request.followRollback,
    revisions,
    previousTaskDefinitionArn: request.previousTaskDefinitionArn,
    hookStages
  }
  let polls = 0
  let throttled = 0
  let lastKey = ''
  let lastMonitors = ''
  let lastPrintAt = start
  let lastEventsAt = -Infinity
  let lastSd: ServiceDeployment | undefined
  let currentArn: string | undefined
  let stageClock: StageClock = { stageSeenAt: start, weightSeenAt: start }
  let lastWeight: number | undefined
  let lastFailures = 0
  let tasksFailed = false
  let lastRunning = 0
  let rollbackSaid = false
  let answered = false
  /** Pause hooks this run answered: never twice, even while ECS still shows one AWAITING_ACTION. */
  const answeredHooks = new Set<string>()
  let tasksShown = 0
  let config = request.configuration

  const say = (line: string) => {
    logger.info(line)
    lastPrintAt = clock.now()
  }
  const sayOnce = (key: string, line: string) => {
    if (said.has(key)) return
    said.add(key)
    say(line)
  }
  const line = (sd: ServiceDeployment) => stagedProgressLine(sd, config, stageClock, clock.now(), label)
  const pause = async (ms: number) => {
    const until = clock.now() + ms
    while (clock.now() < until) {
      const beatAt = lastPrintAt + STAGED_HEARTBEAT_MS
      if (beatAt <= clock.now())
        say(
          `Still waiting after ${formatDuration(clock.now() - start)}: ${lastSd ? line(lastSd) : 'not found yet'}`
        )
      else await clock.sleep(Math.min(until, beatAt) - clock.now())
    }
  }
  const showTasks = (reports: StoppedTaskReport[]) => {
    for (const report of reports) {
      if (tasksShown++ < TASKS_IN_FULL) for (const l of formatStoppedTask(report)) say(l)
      else say(summarizeStoppedTask(report))
    }
  }
  const closeStage = (now: number) => {
    const last = timeline.at(-1)
    if (last && last.endedAt === undefined) last.endedAt = now
  }
  const finish = (verdict: StagedVerdict, extra: Partial<RolloutResult> = {}): RolloutResult => {
    // A deployment left going (wait-until, a pause, a rollback not waited for) keeps its stage open in the timeline.
    if (FINAL_STATUSES.includes(lastSd?.status ?? '')) closeStage(clock.now())
    if (verdict.ok) say(verdict.cause)
    else say(`Rollout ${verdict.outcome}: ${verdict.cause}`)
    // Tasks explain a failure only when they failed (the circuit breaker counted them); a rollback stops the rest.
    const explained =
      verdict.ok || !tasksFailed
        ? undefined
        : explainStoppedTasks(tasks.reports, request.taskDefinitionArn, tasks.definition)
    const details = [
      ...verdict.details,
      ...(lastSd ? [`${deploymentName(ctx)}: ${line(lastSd)}`] : []),
      ...(explained ? [explained] : []),
      ...(tasksFailed ? tasks.reports.slice(-3).flatMap(formatStoppedTask) : [])
    ]
    return {
      outcome: verdict.outcome,
      ok: verdict.ok,
      cause:
        explained && !verdict.ok && verdict.outcome !== 'REPLACED'
          ? `${verdict.cause} (${explained})`
          : verdict.cause,
      details,
      events,
      stoppedTasks: tasks.reports,
      ...(verdict.restoredTaskDefinitionArn
        ? { restoredTaskDefinitionArn: verdict.restoredTaskDefinitionArn }
        : {}),
      ...(verdict.stage ? { stage: verdict.stage } : {}),
      finishedAt: clock.now(),
      polls,
      timeline: timeline.map(s => ({ ...s })),
      ...extra
    }
  }

  /** DescribeServices: the events since the deployment began, and which deployment is the service's current one. */
  const readEvents = async (now: number) => {
    lastEventsAt = now
    let service: Service | undefined
    try {
      service = await ecs.describeService(request.cluster, request.service)
    } catch (e) {
      logger.debug(`Could not read the service's events: ${describeAwsError(e)}`)
      return
    }
    currentArn = service?.currentServiceDeployment ?? currentArn
    for (const event of freshEvents(service?.events, seenEvents, start - 10_000)) {
      seenEvents.add(eventKey(event))
      events.push({ createdAt: event.createdAt ?? new Date(now), message: event.message ?? '' })
      say(formatEvent(event))
    }
  }

  /** The task definition of the revision a rollback goes back to, read once (naming it is worth the call). */
  const readRollbackRevision = async (sd: ServiceDeployment) => {
    const revision = sd.rollback?.serviceRevisionArn ?? sd.sourceServiceRevisions?.[0]?.arn
    if (!revision || revisions.has(revision)) return
    revisions.set(revision, '')
    try {
      for (const r of await ecs.describeServiceRevisions([revision]))
        if (r.serviceRevisionArn && r.taskDefinition) revisions.set(r.serviceRevisionArn, r.taskDefinition)
    } catch (e) {
      logger.debug(`Could not read service revision ${revision}: ${describeAwsError(e)}`)
    }
  }

  const doneMeaning =
    request.waitUntil.kind === 'stage'
      ? `done: it reaches ${request.waitUntil.stage} healthy`
      : 'done: it is SUCCESSFUL'
  say(
    `Following service deployment ${shortArn(arn)} of ${label} on service ${request.service} ` +
      `(up to ${formatDuration(request.timeoutMs)}; ${doneMeaning})`
  )
  for (;;) {
    let sd: ServiceDeployment | undefined
    try {
      polls++
      sd = (await ecs.describeServiceDeployments([arn]))[0]
      throttled = 0
    } catch (e) {
      if (!isRetryable(e)) throw e
      throttled++
      if (clock.now() >= deadline)
        return finish({
          outcome: 'TIMED_OUT',
          ok: false,
          cause: `${deploymentName(ctx)} could not be followed within ${formatDuration(request.timeoutMs)}: ECS kept refusing DescribeServiceDeployments.`,
          details: []
        })
      const delay = nextStagedPollDelay({
        elapsedMs: clock.now() - start,
        polls,
        changed: false,
        waiting: false,
        throttled,
        random: random()
      })
      if (throttled === 1 || throttled % 5 === 0)
        say(
          `ECS did not answer DescribeServiceDeployments (${describeAwsError((e as { cause?: unknown }).cause ?? e)}); looking again in ${(delay / 1000).toFixed(1)}s`
        )
      await pause(Math.min(delay, Math.max(0, deadline - clock.now())))
      continue
    }
    const now = clock.now()
    if (!sd) {
      if (now - start < NOT_FOUND_GRACE_MS) {
        await pause(1_000)
        continue
      }
      return finish({
        outcome: 'FAILED',
        ok: false,
        cause: `${deploymentName(ctx)} is not found (DescribeServiceDeployments); check the service's deployments in the ECS console.`,
        details: []
      })
    }
    config = sd.deploymentConfiguration ?? config
    const key = progressKey(sd)
    const changed = key !== lastKey

    // The timeline: a stage starts when first seen in it.
    const stage = sd.lifecycleStage
    if (stage && timeline.at(-1)?.stage !== stage) {
      closeStage(now)
      timeline.push({ stage, startedAt: now })
      stageClock = { ...stageClock, stageSeenAt: now }
    }
    const weight = sd.targetServiceRevision?.requestedProductionTrafficWeight
    if (weight !== lastWeight) [lastWeight, stageClock] = [weight, { ...stageClock, weightSeenAt: now }]
    if (['PENDING', 'IN_PROGRESS'].includes(sd.status ?? '') && stage) ctx.lastStage = stage

    const waiting = knownEndAt(sd, config, stageClock) !== undefined || sd.lifecycleStage === 'BAKE_TIME'
    if (changed || !waiting || now - lastEventsAt >= EVENTS_WHILE_WAITING_MS) await readEvents(now)
    if (changed) say(line(sd))
    lastKey = key
    for (const h of sd.lifecycleHookDetails ?? []) {
      const id = h.hookId ?? ''
      if (!hookStages.has(id) && stage) hookStages.set(id, stage)
      if (hookStatus.get(id) !== h.status) {
        hookStatus.set(id, h.status ?? '')
        say(hookLine(h, hookStages.get(id)))
      }
    }
    const monitors = monitorsLine(sd) ?? ''
    if (monitors !== lastMonitors) {
      lastMonitors = monitors
      if (monitors) say(`Monitors: ${monitors}`)
    }
    for (const unknown of unknownValues(sd))
      if (!said.has(unknown)) {
        said.add(unknown)
        logger.warning(
          `${deploymentName(ctx)} reports ${unknown}, which release-to-ecs does not know; following it, and never taking it for success.`,
          { title: 'Unknown service deployment state' }
        )
      }

    // Stopped tasks: when the circuit breaker counts another failure or the new revision loses running tasks.
    const failures = sd.deploymentCircuitBreaker?.failureCount ?? 0
    const running = sd.targetServiceRevision?.runningTaskCount ?? 0
    const forward = ['PENDING', 'IN_PROGRESS'].includes(sd.status ?? '')
    if (failures > 0) tasksFailed = true
    if (forward && (failures > lastFailures || (running < lastRunning && sd.lifecycleStage !== 'CLEAN_UP')))
      showTasks(await tasks.refresh())
    lastFailures = failures
    lastRunning = running

    if (ROLLBACK_STATUSES.includes(sd.status ?? '')) await readRollbackRevision(sd)
    const verdict = judgeServiceDeployment(sd, ctx, currentArn)
    lastSd = sd
    if (verdict) {
      if (!verdict.ok && tasksFailed) showTasks(await tasks.refresh())
      if (!verdict.ok) await readEvents(clock.now())
      return finish(verdict)
    }
    if (ROLLBACK_STATUSES.includes(sd.status ?? '') && !rollbackSaid) {
      rollbackSaid = true
      say(
        `ECS is rolling back (${sd.status}): ${ctx.ourRollback ?? sd.rollback?.reason ?? sd.statusReason ?? 'no reason given'}. ` +
          'Following the rollback to its end (rollback-on-failure is true).'
      )
    }

    const hook = awaitingPauseHook(sd)
    if (hook?.hookId && !answeredHooks.has(hook.hookId)) {
      sayOnce(`pause ${hook.hookId}`, pauseLines(sd, hook, now, request.region).join('\n'))
      const action =
        request.answer && !answered
          ? request.answer.action
          : request.onPause === 'continue'
            ? 'CONTINUE'
            : undefined
      if (action) {
        answered = true
        answeredHooks.add(hook.hookId)
        await ecs.continueServiceDeployment(arn, hook.hookId, action)
        say(
          `Answered pause hook ${hook.hookId} with ${action} (${request.answer ? 'continue-action' : 'on-pause is continue'}); following the deployment on.`
        )
        await pause(STAGED_FAST_MS_AFTER_ANSWER)
        continue
      }
      if (request.onPause === 'exit')
        return finish(
          {
            outcome: 'PAUSED',
            ok: true,
            stage: sd.lifecycleStage,
            cause:
              `${deploymentName(ctx)} waits on pause hook ${hook.hookId} in ${sd.lifecycleStage ?? 'its stage'} (on-pause is exit): ` +
              'the step ends here; continue it with continue-deployment in a later job, or with the command above.',
            details: []
          },
          { hookId: hook.hookId }
        )
    }

    if (clock.now() >= deadline) {
      const ongoing = ['PENDING', 'IN_PROGRESS'].includes(sd.status ?? '')
      if (ongoing && request.followRollback && !ctx.ourRollback) {
        ctx.ourRollback = `wait-for-minutes (${formatDuration(request.timeoutMs)}) ran out in ${sd.lifecycleStage ?? sd.status}, and the run asked ECS to roll back`
        say(
          `${deploymentName(ctx)} did not finish within ${formatDuration(request.timeoutMs)}: asking ECS to roll back (StopServiceDeployment ROLLBACK; rollback-on-failure is true).`
        )
        try {
          await ecs.stopServiceDeployment(arn, 'ROLLBACK')
        } catch (e) {
          // The timeout stays the verdict; why the rollback was not asked for goes with it.
          return finish({
            outcome: 'TIMED_OUT',
            ok: false,
            cause:
              `${deploymentName(ctx)} did not finish within ${formatDuration(request.timeoutMs)} (${line(sd)}), and asking ECS to roll it back failed: ` +
              `${e instanceof Error ? e.message : describeAwsError(e)}`,
            details: []
          })
        }
        deadline = clock.now() + request.timeoutMs
        continue
      }
      const which = ctx.ourRollback || ROLLBACK_STATUSES.includes(sd.status ?? '') ? "ECS's rollback of " : ''
      return finish({
        outcome: 'TIMED_OUT',
        ok: false,
        cause:
          `${which}${deploymentName(ctx)} did not finish within ${formatDuration(request.timeoutMs)}: ${line(sd)}. ` +
          (request.waitUntil.kind === 'deployed' && sd.lifecycleStage === 'BAKE_TIME'
            ? 'Raise wait-for-minutes, or set wait-until: BAKE_TIME to end the step once the bake begins.'
            : 'Raise wait-for-minutes if the deployment needs longer.'),
        details: []
      })
    }

    const end = knownEndAt(sd, config, stageClock)
    const delay = nextStagedPollDelay({
      elapsedMs: clock.now() - start,
      polls,
      changed,
      untilKnownEndMs: end === undefined ? undefined : Math.max(0, end - clock.now()),
      waiting,
      throttled: 0,
      random: random()
    })
    await pause(Math.min(delay, Math.max(0, deadline - clock.now())))
  }
}

/** After answering a hook, look again soon: the deployment moves on at once. */
const STAGED_FAST_MS_AFTER_ANSWER = 1_000
