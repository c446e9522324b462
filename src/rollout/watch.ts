// Follows the one deployment this run created until it serves, fails, is rolled back or replaced, like an operator.
import type { Deployment, Service, ServiceDeployment } from '@aws-sdk/client-ecs'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { targetGroupName } from '../aws/arn.js'
import { describeAwsError } from '../aws/errors.js'
import { formatDuration } from '../duration.js'
import { isRetryable, nextPollDelay, pollHints, shouldListStoppedTasks } from './cadence.js'
import { earliestEnd, oldRunningCount, targetGroupArns, updateForecast, type DrainForecast } from './drain.js'
import { formatStoppedTask, isHealthCheckFailure, summarizeStoppedTask } from './explain.js'
import {
  deploymentState,
  eventKey,
  eventsMayBeMissing,
  formatEvent,
  freshEvents,
  progressLine,
  saysTasksStopped,
  startedTaskIdsIn,
  taskDefinitionLabel
} from './progress.js'
import { circuitBreakerThreshold, earlySuccessOf } from './service-deployment-facts.js'
import { withServiceDeployment } from './service-deployment-verdict.js'
import { StoppedTasks } from './tasks.js'
import type {
  LogSource,
  RolloutResult,
  RolloutSource,
  ServiceEventLine,
  StoppedTaskReport,
  TargetGroupSource,
  WatchRequest
} from './types.js'
import { decide, initialState, type Observation, type Verdict } from './verdict.js'

export interface WatchDeps {
  source: RolloutSource
  logs?: LogSource
  /** Without it (or without permission) the watch cannot tell when old tasks finish draining, and looks more often. */
  targetGroups?: TargetGroupSource
  clock: Clock
  logger: Logger
  /** Jitter source for backoff; Math.random unless a test fixes it. */
  random?: () => number
}

/** Stopped tasks shown in full (reason, containers, log tail); later ones get one line each. */
export const TASKS_IN_FULL = 5

/** The AWS error under our rewording (AwsCallError keeps it as `cause`). */
function innermost(error: unknown): unknown {
  return (error as { cause?: unknown } | undefined)?.cause ?? error
}

/** A line at least this often while nothing changes. */
export const HEARTBEAT_MS = 30_000

/**
 * The service deployment is read on a transition the deployments[] view shows (our rollout state changes, ECS rolls
 * back, a verdict is due) and otherwise at most this often: its status, rollback reason and circuit breaker counts
 * without doubling the calls.
 */
export const SERVICE_DEPLOYMENT_EVERY_MS = 30_000

/** Events before our deployment existed are history; without its createdAt, allow a little clock skew. */
const EVENT_SKEW_MS = 10_000

export async function watchRollout(request: WatchRequest, deps: WatchDeps): Promise<RolloutResult> {
  const { source, clock, logger } = deps
  const random = deps.random ?? Math.random
  const start = clock.now()
  const deadline = start + request.timeoutMs
  const tasks = new StoppedTasks(request, deps)
  const seen = new Set<string>()
  const events: ServiceEventLine[] = []
  let state = initialState(request, start)
  let since: number | undefined
  let polls = 0
  let throttled = 0
  let lastService: Service | undefined
  let lastFollowed: Deployment | undefined
  let lastLine = ''
  let lastPrintAt = start
  let healthWarned = false
  // When old tasks finish draining: the service's deregistration delay, learned on the first look.
  let drainDelayMs: number | undefined
  let drainDelayAsked = false
  let forecast: DrainForecast = {}
  let forecastFor = ''
  let previousLookAt: number | undefined
  const startedTaskIds = new Set<string>()
  // The service deployment (ListServiceDeployments / DescribeServiceDeployments), where the service has one.
  let serviceDeploymentCalls = 0
  let serviceDeploymentAt = start
  let serviceDeploymentReadable = !!request.serviceDeploymentArn && !!source.describeServiceDeployments
  let lastTransition: string | undefined

  const say = (line: string) => {
    logger.info(line)
    lastPrintAt = clock.now()
  }
  const followed = () => lastService?.deployments?.find(d => d.id === state.following.deploymentId)
  const heartbeat = () =>
    say(
      `Still waiting after ${formatDuration(clock.now() - start)}: ${state.following.deploymentId} ${deploymentState(followed())}`
    )
  // Sleeps, speaking up every HEARTBEAT_MS of silence.
  const pause = async (ms: number) => {
    const until = clock.now() + ms
    while (clock.now() < until) {
      const beatAt = lastPrintAt + HEARTBEAT_MS
      if (beatAt <= clock.now()) heartbeat()
      else await clock.sleep(Math.min(until, beatAt) - clock.now())
    }
  }
  const healthCallout = (text: string) => {
    if (healthWarned) return
    healthWarned = true
    logger.warning(
      `Health checks are failing for tasks of ${taskDefinitionLabel(request.taskDefinitionArn)}: ${text}`,
      {
        title: 'Health checks failing'
      }
    )
  }
  let tasksShown = 0
  const showTasks = (reports: StoppedTaskReport[]) => {
    for (const report of reports) {
      // The first few in full (with logs); a crash loop after that gets a line per task.
      if (tasksShown++ < TASKS_IN_FULL) for (const line of formatStoppedTask(report)) say(line)
      else say(summarizeStoppedTask(report))
      if (isHealthCheckFailure(report.stoppedReason)) healthCallout(report.stoppedReason ?? '')
    }
  }
  const observe = (now: number, service: Service | undefined, fresh: Observation['fresh']): Observation => ({
    now,
    service,
    fresh,
    stoppedTaskCount: tasks.count,
    stoppedTasks: tasks.reports,
    taskDefinition: tasks.definition
  })
  const finish = (verdict: Verdict): RolloutResult => {
    if (verdict.ok)
      say(
        `Deployment ${request.deploymentId} of ${taskDefinitionLabel(request.taskDefinitionArn)} completed in ${formatDuration(clock.now() - start)}`
      )
    else {
      say(`Rollout ${verdict.outcome}: ${verdict.cause}`)
      // Events and stopped tasks were shown as they came; add only the final counts and hints.
      for (const line of verdict.notes) say(line)
    }
    const { outcome, ok, cause, details, restoredTaskDefinitionArn } = verdict
    return {
      outcome,
      ok,
      cause,
      details,
      ...(restoredTaskDefinitionArn ? { restoredTaskDefinitionArn } : {}),
      events,
      stoppedTasks: tasks.reports,
      finishedAt: clock.now(),
      polls,
      ...(serviceDeploymentCalls > 0 ? { serviceDeploymentCalls } : {})
    }
  }
  /** This run's service deployment as ECS reports it now; undefined when it cannot be read. */
  const readServiceDeployment = async (): Promise<ServiceDeployment | undefined> => {
    if (!serviceDeploymentReadable || !request.serviceDeploymentArn || !source.describeServiceDeployments)
      return
    serviceDeploymentAt = clock.now()
    try {
      serviceDeploymentCalls++
      return (await source.describeServiceDeployments([request.serviceDeploymentArn]))[0]
    } catch (e) {
      if (isRetryable(e)) return undefined
      serviceDeploymentReadable = false
      say(
        `Could not read service deployment ${request.serviceDeploymentArn} (${describeAwsError(innermost(e))}); ` +
          "following through DescribeServices only. Allow ecs:DescribeServiceDeployments to get ECS's own status and reasons."
      )
      return undefined
    }
  }

  say(
    `Following ${request.earlier ? "ECS's rollback of deployment" : 'deployment'} ${request.deploymentId} of ${taskDefinitionLabel(request.taskDefinitionArn)} on service ${request.service} ` +
      `(up to ${formatDuration(request.timeoutMs)}${request.maxTaskFailures > 0 ? `, at most ${request.maxTaskFailures} stopped tasks` : ''})`
  )
  for (;;) {
    let service: Service | undefined
    const lookAt = clock.now()
    try {
      polls++
      service = await source.describeService(request.cluster, request.service)
      throttled = 0
    } catch (e) {
      if (!isRetryable(e)) throw e
      throttled++
      if (clock.now() >= deadline)
        return finish(
          (lastService && decide(request, state, observe(clock.now(), lastService, [])).verdict) ||
            timeoutFallback()
        )
      const delay = nextPollDelay({
        elapsedMs: clock.now() - start,
        polls,
        moving: false,
        nearDone: false,
        throttled,
        random: random()
      })
      if (throttled === 1 || throttled % 5 === 0)
        say(
          `ECS did not answer DescribeServices (${describeAwsError(innermost(e))}); looking again in ${(delay / 1000).toFixed(1)}s`
        )
      await pause(Math.min(delay, deadline - clock.now()))
      continue
    }
    lastService = service
    if (!drainDelayAsked) {
      drainDelayAsked = true
      drainDelayMs = await readDrainDelay(service)
    }
    const now = clock.now()

    since ??=
      request.earlier?.eventsSince ??
      service?.deployments?.find(d => d.id === request.deploymentId)?.createdAt?.getTime() ??
      start - EVENT_SKEW_MS
    const fresh = freshEvents(service?.events, seen, since)
    if (eventsMayBeMissing(service?.events, seen, fresh.length))
      say('(ECS wrote more than 100 events since the last look; some are not shown)')
    for (const event of fresh) {
      seen.add(eventKey(event))
      events.push({ createdAt: event.createdAt ?? new Date(now), message: event.message ?? '' })
      say(formatEvent(event))
      if (isHealthCheckFailure(event.message)) healthCallout(event.message ?? '')
    }

    const current = service?.deployments?.find(d => d.id === state.following.deploymentId)
    const line = progressLine(
      service?.deployments,
      state.following.deploymentId,
      state.following.taskDefinitionArn,
      state.ecsRollback ? 'rollback' : 'new',
      circuitBreakerThreshold(
        current?.desiredCount ?? 0,
        service?.deploymentConfiguration?.deploymentCircuitBreaker
      )
    )
    if (line !== lastLine) say((lastLine = line))

    let listed = false
    const listTasks = async () => {
      listed = true
      showTasks(await tasks.refresh())
    }
    const messages = fresh.map(e => e.message ?? '')
    for (const id of messages.flatMap(startedTaskIdsIn)) startedTaskIds.add(id)
    if (
      !state.ecsRollback &&
      shouldListStoppedTasks(
        lastFollowed,
        current,
        messages,
        now - tasks.lastListAt,
        tasks.undescribed,
        startedTaskIds
      )
    )
      await listTasks()

    let decision = decide(request, state, observe(clock.now(), service, fresh))
    // Stopped tasks explain a failure or a timeout; a replaced deployment or a deleted service needs no explaining.
    const explainable = ['FAILED', 'ROLLING_BACK', 'TIMED_OUT'].includes(decision.verdict?.outcome ?? '')
    const turnedBad = explainable || (!!decision.state.ecsRollback && !state.ecsRollback)
    if (turnedBad && !listed && !state.ecsRollback) {
      // Explain before judging: the last stopped tasks may not have been listed yet.
      await listTasks()
      decision = decide(request, state, observe(clock.now(), service, fresh))
    }
    if (decision.state.ecsRollback && !state.ecsRollback && !decision.verdict) {
      say(
        `ECS is rolling back to ${taskDefinitionLabel(decision.state.following.taskDefinitionArn)} (deployment ${decision.state.following.deploymentId}): ${decision.state.ecsRollback.failure}`
      )
      say('Following the rollback to its end.')
    }
    // The service deployment where ECS is authoritative: on a transition, before a verdict, and now and then.
    const transition = `${current?.rolloutState ?? 'none'}/${current?.status ?? ''}/${decision.state.following.deploymentId}`
    const changed = lastTransition !== undefined && transition !== lastTransition
    lastTransition = transition
    const due =
      decision.verdict !== undefined ||
      changed ||
      clock.now() - serviceDeploymentAt >= SERVICE_DEPLOYMENT_EVERY_MS
    const serviceDeployment = due ? await readServiceDeployment() : undefined
    if (serviceDeployment)
      decision = { ...decision, verdict: withServiceDeployment(request, decision.verdict, serviceDeployment) }
    state = decision.state
    if (decision.verdict) return finish(decision.verdict)

    const focus = service?.deployments?.find(d => d.id === state.following.deploymentId)
    const oldRunning = oldRunningCount(service?.deployments, state.following.deploymentId)
    const early = state.ecsRollback ? undefined : earlySuccessOf(service, focus?.desiredCount ?? 0)
    const hints = pollHints(lastFollowed, focus, fresh.length, oldRunning, early)
    lastFollowed = focus
    const delay = nextPollDelay({
      elapsedMs: clock.now() - start,
      polls,
      ...hints,
      // With DEFERRED cleanup the end does not wait for the old tasks' drain.
      untilEarliestEndMs: early?.deferredCleanup
        ? undefined
        : untilEarliestEnd(service, lookAt, messages.some(saysTasksStopped)),
      throttled: 0,
      random: random()
    })
    previousLookAt = lookAt
    await pause(Math.min(delay, Math.max(0, deadline - clock.now())))
  }

  /** The longest deregistration delay of the service's target groups; undefined without any, or unreadable. */
  async function readDrainDelay(service: Service | undefined): Promise<number | undefined> {
    const arns = targetGroupArns(service)
    if (arns.length === 0 || !deps.targetGroups) return undefined
    try {
      let seconds = 0
      for (const arn of arns)
        seconds = Math.max(seconds, await deps.targetGroups.deregistrationDelaySeconds(arn))
      say(
        `Old tasks drain for ${formatDuration(seconds * 1000)} before they stop (deregistration delay of ${arns.map(targetGroupName).join(', ')})`
      )
      return seconds * 1000
    } catch (e) {
      say(
        `Could not read the target groups' deregistration delay (${describeAwsError(innermost(e))}); ` +
          'following without it, with more DescribeServices calls. Allow elasticloadbalancing:DescribeTargetGroupAttributes to avoid that.'
      )
      return undefined
    }
  }

  /** Milliseconds until the followed deployment can complete at the earliest (0: any moment); undefined: no forecast. */
  function untilEarliestEnd(
    service: Service | undefined,
    lookAt: number,
    tasksStopped: boolean
  ): number | undefined {
    if (drainDelayMs === undefined) return undefined
    const followedId = state.following.deploymentId
    // A new deployment to follow (ECS rolling back) starts a new forecast.
    if (forecastFor !== followedId) [forecast, forecastFor] = [{}, followedId]
    forecast = updateForecast(
      forecast,
      service?.deployments,
      followedId,
      previousLookAt ?? lookAt,
      drainDelayMs,
      tasksStopped
    )
    const now = clock.now()
    const end = earliestEnd(forecast, service?.deployments, followedId, now, drainDelayMs)
    return end === undefined ? 0 : Math.max(0, end - now)
  }

  function timeoutFallback(): Verdict {
    return {
      outcome: 'TIMED_OUT',
      ok: false,
      cause: `The rollout of ${taskDefinitionLabel(request.taskDefinitionArn)} could not be followed within ${formatDuration(request.timeoutMs)}: ECS kept refusing DescribeServices.`,
      details: [],
      notes: []
    }
  }
}
