// Follows one ECS service deployment (BLUE_GREEN, LINEAR, CANARY) to its end: DescribeServiceDeployments for what
// ECS says it did, DescribeServices for its events, the stopped tasks for why tasks failed. Answers pause hooks as
// on-pause says, and on a timeout with rollback-on-failure asks ECS to roll back and follows that. The verdicts are
// staged-verdict.ts's, the lines staged-progress.ts's, the cadence staged-cadence.ts's.
import type { DeploymentConfiguration, ServiceDeployment } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { describeAwsError } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import { formatDuration } from '../duration.js'
import { isRetryable } from './cadence.js'
import { taskDefinitionLabel } from './progress.js'
import { Speaker } from './speaker.js'
import { isWaiting, knownEndAt, nextStagedPollDelay, stagedEventsEvery } from './staged-cadence.js'
import { ServiceEvents } from './service-events.js'
import { HookAndMonitorLines, pauseLines, progressKey, stagedProgressLine } from './staged-progress.js'
import { stagedResult } from './staged-result.js'
import { StageTimeline } from './staged-timeline.js'
import type { StagedWatchDeps, StagedWatchRequest } from './staged-types.js'
import {
  awaitingPauseHook,
  deploymentName,
  isFinal,
  isOngoing,
  isRollingBack,
  judgeServiceDeployment,
  rollbackTarget,
  timedOutVerdict,
  unknownValues,
  type StagedContext,
  type StagedVerdict
} from './staged-verdict.js'
import { StoppedTasks } from './tasks.js'
import type { RolloutResult } from './types.js'

/** How long a new service deployment may be missing from DescribeServiceDeployments (eventual consistency). */
export const NOT_FOUND_GRACE_MS = 10_000
/** After answering a hook, look again soon: the deployment moves on at once. */
const FAST_MS_AFTER_ANSWER = 1_000

export async function watchServiceDeployment(
  request: StagedWatchRequest,
  deps: StagedWatchDeps
): Promise<RolloutResult> {
  return new StagedWatch(request, deps).run()
}

/** What one look decided: go on looking (after `delay`), or the result. */
type Next = { delay: number } | { result: RolloutResult }

class StagedWatch {
  private readonly start: number
  private deadline: number
  private readonly label: string
  private readonly speaker: Speaker
  private readonly tasks: StoppedTasks
  private readonly events: ServiceEvents
  private readonly timeline: StageTimeline
  private readonly revisions = new Map<string, string>()
  private readonly news = new HookAndMonitorLines()
  private readonly said = new Set<string>()
  /** Pause hooks this run answered: never twice, even while ECS still shows one AWAITING_ACTION. */
  private readonly answeredHooks = new Set<string>()
  private readonly ctx: StagedContext
  private polls = 0
  /** When the look before this one was made. */
  private previousLookAt: number
  private throttled = 0
  private lastKey = ''
  /** When a look last saw the deployment change: attention follows change (staged-cadence). */
  private lastChangeAt: number
  private lastSd?: ServiceDeployment
  private lastFailures = 0
  private lastRunning = 0
  private tasksFailed = false
  private rollbackSaid = false
  private answered = false
  private config?: DeploymentConfiguration

  constructor(
    private readonly request: StagedWatchRequest,
    private readonly deps: StagedWatchDeps
  ) {
    const { clock, logger, ecs } = deps
    this.start = clock.now()
    this.deadline = this.start + request.timeoutMs
    this.previousLookAt = this.start
    this.lastChangeAt = this.start
    this.label = taskDefinitionLabel(request.taskDefinitionArn)
    this.config = request.configuration
    this.speaker = new Speaker(logger, clock, this.start)
    this.tasks = new StoppedTasks(
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
    this.events = new ServiceEvents(
      ecs,
      request,
      this.start - 10_000,
      logger,
      line => this.say(line),
      request.eventsSaid
    )
    this.timeline = new StageTimeline(this.start)
    this.ctx = {
      serviceDeploymentArn: request.serviceDeploymentArn,
      targetTaskDefinitionArn: request.taskDefinitionArn,
      waitUntil: request.waitUntil,
      followRollback: request.followRollback,
      revisions: this.revisions,
      previousTaskDefinitionArn: request.previousTaskDefinitionArn,
      hookStages: this.news.hookStages
    }
  }

  async run(): Promise<RolloutResult> {
    const { request } = this
    const doneMeaning =
      request.waitUntil.kind === 'stage'
        ? `done: it reaches ${request.waitUntil.stage} healthy`
        : 'done: it is SUCCESSFUL'
    this.say(
      `Following service deployment ${shortArn(request.serviceDeploymentArn)} of ${this.label} on service ${request.service} ` +
        `(up to ${formatDuration(request.timeoutMs)}; ${doneMeaning})`
    )
    for (;;) {
      const next = await this.lookOnce()
      if ('result' in next) return next.result
      await this.pause(next.delay)
    }
  }

  private get clock(): Clock {
    return this.deps.clock
  }

  private say(line: string): void {
    this.speaker.say(line)
  }

  private line(sd: ServiceDeployment): string {
    const back = rollbackTarget(sd, this.ctx).taskDefinitionArn
    const { config, timeline, label } = this
    return stagedProgressLine(
      sd,
      config,
      timeline.clock,
      this.clock.now(),
      label,
      back && taskDefinitionLabel(back)
    )
  }

  /** Sleeps up to `ms`, never past the deadline. */
  private pause(ms: number): Promise<void> {
    const wait = Math.min(ms, Math.max(0, this.deadline - this.clock.now()))
    return this.speaker.pause(wait, () => (this.lastSd ? this.line(this.lastSd) : 'not found yet'))
  }

  /** One DescribeServiceDeployments and what follows from it. */
  private async lookOnce(): Promise<Next> {
    const { clock, request } = this
    let sd: ServiceDeployment | undefined
    try {
      this.polls++
      sd = (await this.deps.ecs.describeServiceDeployments([request.serviceDeploymentArn]))[0]
      this.throttled = 0
    } catch (e) {
      if (!isRetryable(e)) throw e
      return this.backOff(e)
    }
    if (!sd) {
      if (clock.now() - this.start < NOT_FOUND_GRACE_MS) return { delay: 1_000 }
      return this.finish({
        outcome: 'FAILED',
        ok: false,
        cause: `${deploymentName(this.ctx)} is not found (DescribeServiceDeployments); check the service's deployments in the ECS console.`,
        details: []
      })
    }
    const changed = await this.observe(sd)
    const verdict = await this.judge(sd)
    if (verdict) return verdict
    const paused = await this.answerPause(sd)
    if (paused) return paused
    if (clock.now() >= this.deadline) return this.timeOut(sd)
    const end = knownEndAt(sd, this.config, this.timeline.clock)
    return {
      delay: nextStagedPollDelay({
        elapsedMs: clock.now() - this.start,
        polls: this.polls,
        changed,
        sinceChangeMs: clock.now() - this.lastChangeAt,
        untilKnownEndMs: end === undefined ? undefined : end - clock.now(),
        waiting: isWaiting(sd, this.config, this.timeline.clock),
        throttled: 0,
        random: (this.deps.random ?? Math.random)()
      })
    }
  }

  /** A throttled or failed look: back off, and past the deadline give up. */
  private backOff(e: unknown): Next {
    const { clock, request } = this
    this.throttled++
    if (clock.now() >= this.deadline)
      return this.finish({
        outcome: 'TIMED_OUT',
        ok: false,
        cause: `${deploymentName(this.ctx)} could not be followed within ${formatDuration(request.timeoutMs)}: ECS kept refusing DescribeServiceDeployments.`,
        details: []
      })
    const delay = nextStagedPollDelay({
      elapsedMs: clock.now() - this.start,
      polls: this.polls,
      changed: false,
      sinceChangeMs: clock.now() - this.lastChangeAt,
      waiting: false,
      throttled: this.throttled,
      random: (this.deps.random ?? Math.random)()
    })
    if (this.throttled === 1 || this.throttled % 5 === 0)
      this.say(
        `ECS did not answer DescribeServiceDeployments (${describeAwsError((e as { cause?: unknown }).cause ?? e)}); looking again in ${(delay / 1000).toFixed(1)}s`
      )
    return { delay }
  }

  /** Everything a person reads about this look: the line, events, hooks, monitors, stopped tasks. Returns whether it changed. */
  private async observe(sd: ServiceDeployment): Promise<boolean> {
    const now = this.clock.now()
    this.config = sd.deploymentConfiguration ?? this.config
    const key = progressKey(sd)
    const changed = key !== this.lastKey
    const stage = sd.lifecycleStage
    this.timeline.observe(sd, now, this.previousLookAt)
    this.previousLookAt = now
    if (isOngoing(sd) && stage) this.ctx.lastStage = stage

    if (changed) this.lastChangeAt = now
    const eventsEvery = stagedEventsEvery({
      waiting: isWaiting(sd, this.config, this.timeline.clock),
      sinceChangeMs: now - this.lastChangeAt
    })
    if (changed || now - this.events.lastReadAt >= eventsEvery) await this.events.read(now)
    if (changed) this.say(this.line(sd))
    this.lastKey = key
    for (const line of this.news.next(sd)) this.say(line)
    for (const unknown of unknownValues(sd))
      if (!this.said.has(unknown)) {
        this.said.add(unknown)
        this.deps.logger.warning(
          `${deploymentName(this.ctx)} reports ${unknown}, which release-to-ecs does not know; following it, and never taking it for success.`,
          { title: 'Unknown service deployment state' }
        )
      }

    // Stopped tasks: when the circuit breaker counts another failure or the new revision loses running tasks.
    const failures = sd.deploymentCircuitBreaker?.failureCount ?? 0
    const running = sd.targetServiceRevision?.runningTaskCount ?? 0
    if (failures > 0) this.tasksFailed = true
    if (
      isOngoing(sd) &&
      (failures > this.lastFailures || (running < this.lastRunning && sd.lifecycleStage !== 'CLEAN_UP'))
    )
      this.speaker.showTasks(await this.tasks.refresh())
    this.lastFailures = failures
    this.lastRunning = running
    return changed
  }

  /** The verdict on this look, if there is one; says once that a followed rollback began. */
  private async judge(sd: ServiceDeployment): Promise<Next | undefined> {
    if (isRollingBack(sd)) await this.readRollbackRevision(sd)
    const verdict = judgeServiceDeployment(sd, this.ctx, this.events.currentArn)
    this.lastSd = sd
    if (verdict) {
      if (!verdict.ok && this.tasksFailed) this.speaker.showTasks(await this.tasks.refresh())
      if (!verdict.ok) await this.events.read(this.clock.now())
      return this.finish(verdict)
    }
    if (isRollingBack(sd) && !this.rollbackSaid) {
      this.rollbackSaid = true
      this.say(
        `ECS is rolling back (${sd.status}): ${this.ctx.ourRollback ?? sd.rollback?.reason ?? sd.statusReason ?? 'no reason given'}. ` +
          'Following the rollback to its end (rollback-on-failure is true).'
      )
    }
    return undefined
  }

  /** The task definition of the revision a rollback goes back to, read once (naming it is worth the call). */
  private async readRollbackRevision(sd: ServiceDeployment): Promise<void> {
    const revision = sd.rollback?.serviceRevisionArn ?? sd.sourceServiceRevisions?.[0]?.arn
    if (!revision || this.revisions.has(revision)) return
    this.revisions.set(revision, '')
    try {
      for (const r of await this.deps.ecs.describeServiceRevisions([revision]))
        if (r.serviceRevisionArn && r.taskDefinition)
          this.revisions.set(r.serviceRevisionArn, r.taskDefinition)
    } catch (e) {
      this.deps.logger.debug(`Could not read service revision ${revision}: ${describeAwsError(e)}`)
    }
  }

  /** A pause hook waiting: say how to continue it, then answer it or end the step, as asked. */
  private async answerPause(sd: ServiceDeployment): Promise<Next | undefined> {
    const { request } = this
    const hook = awaitingPauseHook(sd)
    if (!hook?.hookId || this.answeredHooks.has(hook.hookId)) return undefined
    const key = `pause ${hook.hookId}`
    if (!this.said.has(key)) {
      this.said.add(key)
      this.say(pauseLines(sd, hook, this.clock.now(), request.region).join('\n'))
    }
    const action =
      request.answer && !this.answered
        ? request.answer.action
        : request.onPause === 'continue'
          ? 'CONTINUE'
          : undefined
    if (action) {
      this.answered = true
      this.answeredHooks.add(hook.hookId)
      await this.deps.ecs.continueServiceDeployment(request.serviceDeploymentArn, hook.hookId, action)
      this.say(
        `Answered pause hook ${hook.hookId} with ${action} (${request.answer ? 'continue-action' : 'on-pause is continue'}); following the deployment on.`
      )
      return { delay: FAST_MS_AFTER_ANSWER }
    }
    if (request.onPause !== 'exit') return undefined
    return this.finish(
      {
        outcome: 'PAUSED',
        ok: true,
        stage: sd.lifecycleStage,
        cause:
          `${deploymentName(this.ctx)} waits on pause hook ${hook.hookId} in ${sd.lifecycleStage ?? 'its stage'} (on-pause is exit): ` +
          'the step ends here; continue it with continue-deployment in a later job, or with the command above.',
        details: []
      },
      { hookId: hook.hookId }
    )
  }

  /** wait-for-minutes ran out: with rollback-on-failure ask ECS to roll back (and follow it), else TIMED_OUT. */
  private async timeOut(sd: ServiceDeployment): Promise<Next> {
    const { request, ctx } = this
    const name = deploymentName(ctx)
    const within = formatDuration(request.timeoutMs)
    if (isOngoing(sd) && request.followRollback && !ctx.ourRollback) {
      ctx.ourRollback = `wait-for-minutes (${within}) ran out in ${sd.lifecycleStage ?? sd.status}, and the run asked ECS to roll back`
      this.say(
        `${name} did not finish within ${within}: asking ECS to roll back (StopServiceDeployment ROLLBACK; rollback-on-failure is true).`
      )
      try {
        await this.deps.ecs.stopServiceDeployment(request.serviceDeploymentArn, 'ROLLBACK')
      } catch (e) {
        // The timeout stays the verdict; why the rollback was not asked for goes with it.
        return this.finish({
          outcome: 'TIMED_OUT',
          ok: false,
          cause:
            `${name} did not finish within ${within} (${this.line(sd)}), and asking ECS to roll it back failed: ` +
            `${e instanceof Error ? e.message : describeAwsError(e)}`,
          details: []
        })
      }
      this.deadline = this.clock.now() + request.timeoutMs
      return { delay: 0 }
    }
    return this.finish(timedOutVerdict(sd, ctx, request.timeoutMs, this.line(sd)))
  }

  private finish(verdict: StagedVerdict, extra: Partial<RolloutResult> = {}): { result: RolloutResult } {
    // A deployment left going (wait-until, a pause, a rollback not waited for) keeps its stage open in the timeline.
    if (this.lastSd && isFinal(this.lastSd)) this.timeline.close(this.clock.now())
    if (verdict.ok) this.say(verdict.cause)
    else this.say(`Rollout ${verdict.outcome}: ${verdict.cause}`)
    const result = stagedResult(verdict, {
      taskDefinitionArn: this.request.taskDefinitionArn,
      lastLine: this.lastSd ? `${deploymentName(this.ctx)}: ${this.line(this.lastSd)}` : undefined,
      tasks: this.tasks,
      tasksFailed: this.tasksFailed,
      events: this.events.lines,
      timeline: this.timeline.stages,
      polls: this.polls,
      finishedAt: this.clock.now()
    })
    return { result: { ...result, ...extra } }
  }
}
