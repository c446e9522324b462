// Follows one CodeDeploy deployment of an ECS service (and, when asked, CodeDeploy's rollback of it) to a verdict:
// GetDeployment and GetDeploymentTarget on a cadence, the replacement task set's stopped tasks explained as on a
// rolling update, ContinueDeployment when on-pause says so. The decisions are codedeploy-verdict.ts's.
import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import type { CodeDeployApi } from '../aws/codedeploy.js'
import { AwsCallError, describeAwsError, errorName, isAccessDenied } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import { isRetryable, nextPollDelay } from './cadence.js'
import { eventsEvery, isQuiet } from './attention.js'
import {
  deploymentInfoKey,
  deploymentTargetKey,
  nextCodeDeployLook,
  shouldReadTarget
} from './codedeploy-cadence.js'
import { codeDeployTimeline, replacementTaskSetId } from './codedeploy-progress.js'
import {
  initialCodeDeployState,
  type CodeDeployLook,
  type CodeDeployVerdict,
  type CodeDeployWatchRequest,
  type CodeDeployWatchState
} from './codedeploy-types.js'
import { decideCodeDeploy, followingRollback } from './codedeploy-verdict.js'
import { explainStoppedTasks } from './explain.js'
import { ServiceEvents } from './service-events.js'
import { Speaker } from './speaker.js'
import { taskDefinitionLabel } from './progress.js'
import { formatDuration } from '../duration.js'
import { StoppedTasks } from './tasks.js'
import type { CodeDeployTimeline, LogSource, RolloutResult, RolloutSource } from './types.js'

export interface CodeDeployFollowRequest extends CodeDeployWatchRequest {
  /** GetDeploymentTarget's target: `<cluster name>:<service name>`. */
  targetId: string
  /** What the service ran before: the original task set's, restored by a rollback. */
  previousTaskDefinitionArn?: string
}

export interface CodeDeployWatchDeps {
  codedeploy: CodeDeployApi
  ecs: RolloutSource
  logs?: LogSource
  clock: Clock
  logger: Logger
  random?: () => number
}

/** Least time between two looks for stopped tasks of the replacement task set. */
const LIST_STOPPED_MS = 10_000
const FINAL = ['Succeeded', 'Failed', 'Stopped']

const innermost = (e: unknown): unknown => (e instanceof AwsCallError ? e.cause : e)

export async function watchCodeDeployment(
  request: CodeDeployFollowRequest,
  deps: CodeDeployWatchDeps
): Promise<{ result: RolloutResult; verdict: CodeDeployVerdict }> {
  return new CodeDeployWatch(request, deps).run()
}

class CodeDeployWatch {
  private readonly start: number
  private state: CodeDeployWatchState
  private polls = 0
  private readonly speaker: Speaker
  private tasks?: StoppedTasks
  private taskSetId?: string
  private targetDeniedWarned = false
  private info?: DeploymentInfo
  private target?: ECSTarget
  /** When the bake (status Baking) began, at the earliest: the look before the first that saw it. */
  private bakeStartedAt?: number
  private lastLookAt?: number
  private infoKey = ''
  private targetKey = ''
  /** When a look last saw the deployment or its target change: attention follows change (codedeploy-cadence). */
  private lastChangeAt: number
  private targetReadAt = -Infinity
  private readonly events: ServiceEvents
  /** The deployments followed before the current one (ours, when following CodeDeploy's rollback of it). */
  private readonly timelines: CodeDeployTimeline[] = []

  constructor(
    private readonly request: CodeDeployFollowRequest,
    private readonly deps: CodeDeployWatchDeps
  ) {
    this.start = deps.clock.now()
    this.lastChangeAt = this.start
    this.speaker = new Speaker(deps.logger, deps.clock, this.start)
    this.state = initialCodeDeployState(request, this.start)
    this.events = new ServiceEvents(deps.ecs, request, this.start - 10_000, deps.logger, line =>
      this.say(line)
    )
  }

  async run(): Promise<{ result: RolloutResult; verdict: CodeDeployVerdict }> {
    const { request, deps } = this
    this.say(
      `Following CodeDeploy deployment ${request.deploymentId} of ${taskDefinitionLabel(request.taskDefinitionArn)} on service ${request.service} ` +
        `(up to ${formatDuration(request.timeoutMs)}; done when CodeDeploy reports Succeeded, after the original task set is terminated)`
    )
    let throttled = 0
    for (;;) {
      const previousStatus = this.info?.status
      const lookedBefore = this.lastLookAt
      this.lastLookAt = deps.clock.now()
      try {
        this.polls++
        this.info = await deps.codedeploy.getDeployment(this.state.following)
        throttled = 0
      } catch (e) {
        if (!isRetryable(e)) throw e
        const verdict = await this.waitOutThrottling(++throttled, e)
        if (verdict) return this.finish(verdict)
        continue
      }
      const status = this.info?.status ?? ''
      if (status === 'Baking' && previousStatus !== 'Baking') this.bakeStartedAt = lookedBefore ?? this.start
      await this.readAround(status, status !== previousStatus, FINAL.includes(status))
      const listed = await this.followReplacementTasks()
      let decision = decideCodeDeploy(request, this.state, this.look())
      const step0 = decision.step
      const failing = step0.kind === 'follow-rollback' || (step0.kind === 'done' && !step0.verdict.ok)
      if (failing && this.tasks && !listed && !this.state.rollback) {
        // Explain before judging: the replacement task set's last stopped tasks may not have been listed yet.
        await this.listTasks()
        decision = decideCodeDeploy(request, this.state, this.look())
      }
      for (const line of decision.lines) this.say(line)
      this.state = decision.state
      const step = decision.step
      if (step.kind === 'done') return this.finish(step.verdict)
      if (step.kind === 'follow-rollback') {
        this.timelines.push(this.timeline())
        this.state = followingRollback(this.state, step.rollbackDeploymentId, step.failure, deps.clock.now())
        this.info = this.target = undefined
        this.infoKey = this.targetKey = ''
        continue
      }
      if (step.kind === 'continue') await this.continueReady()
      const wanted = nextCodeDeployLook({
        elapsedMs: deps.clock.now() - this.start,
        now: deps.clock.now(),
        status,
        sinceChangeMs: deps.clock.now() - this.lastChangeAt,
        bakeStartedAt: status === 'Baking' ? this.bakeStartedAt : undefined,
        terminationWaitMinutes: request.terminationWaitMinutes
      })
      await this.pause(
        Math.min(wanted, Math.max(0, this.state.startedAt + request.timeoutMs - deps.clock.now()))
      )
    }
  }

  /**
   * One look is one GetDeployment; the deployment target (lifecycle events, task sets) is read when the deployment's
   * info changed or now and then, the service's events when the status changed or every 15 s (60 s when quiet).
   */
  private async readAround(status: string, statusChanged: boolean, final: boolean): Promise<void> {
    const now = this.deps.clock.now()
    const key = deploymentInfoKey(this.info)
    const infoChanged = key !== this.infoKey
    this.infoKey = key
    if (infoChanged) this.lastChangeAt = now
    const quiet = isQuiet(now - this.lastChangeAt)
    if (shouldReadTarget({ status, infoChanged, final, quiet, msSinceTargetRead: now - this.targetReadAt })) {
      this.targetReadAt = now
      this.target = await this.readTarget()
      const targetKey = deploymentTargetKey(this.target)
      if (targetKey !== this.targetKey) this.lastChangeAt = now
      this.targetKey = targetKey
    }
    if (statusChanged || now - this.events.lastReadAt >= eventsEvery(isQuiet(now - this.lastChangeAt)))
      await this.events.read(now)
  }

  /** The deployment followed now, as the job summary shows it. */
  private timeline(): CodeDeployTimeline {
    return codeDeployTimeline(this.state.following, this.info, this.target, this.state.rollback?.of)
  }

  private say(line: string): void {
    this.speaker.say(line)
  }

  /** Sleeps, speaking up after a long silence. */
  private pause(ms: number): Promise<void> {
    return this.speaker.pause(
      ms,
      () => `CodeDeploy deployment ${this.state.following} ${this.state.status ?? 'not seen yet'}`
    )
  }

  /** Backs off after a throttled or failed GetDeployment; past the deadline, the verdict on what was last seen. */
  private async waitOutThrottling(throttled: number, error: unknown): Promise<CodeDeployVerdict | undefined> {
    const { clock } = this.deps
    const delay = nextPollDelay({
      elapsedMs: clock.now() - this.start,
      polls: this.polls,
      moving: false,
      nearDone: false,
      throttled,
      random: (this.deps.random ?? Math.random)()
    })
    if (throttled === 1 || throttled % 5 === 0)
      this.say(
        `CodeDeploy did not answer GetDeployment (${describeAwsError(innermost(error))}); looking again in ${(delay / 1000).toFixed(1)}s`
      )
    if (clock.now() - this.state.startedAt >= this.request.timeoutMs) {
      const decided = decideCodeDeploy(this.request, this.state, this.look())
      if (decided.step.kind === 'done') return decided.step.verdict
    }
    await this.pause(delay)
    return undefined
  }

  /** The deployment target; without it (not there yet, or not allowed) the deployment is followed by its status. */
  private async readTarget(): Promise<ECSTarget | undefined> {
    try {
      return await this.deps.codedeploy.getDeploymentTarget(this.state.following, this.request.targetId)
    } catch (e) {
      const cause = innermost(e)
      if (isAccessDenied(cause)) {
        if (!this.targetDeniedWarned)
          this.deps.logger.warning(
            `${(e as Error).message} Until then the deployment is followed without its lifecycle events and task sets.`,
            { title: 'Missing permission' }
          )
        this.targetDeniedWarned = true
      } else if (!isRetryable(e))
        this.deps.logger.debug(`No deployment target yet: ${describeAwsError(cause)}`)
      return undefined
    }
  }

  /** The replacement (green) task set's stopped tasks, looked for while CodeDeploy installs it. Returns whether it looked. */
  private async followReplacementTasks(): Promise<boolean> {
    const { request, deps } = this
    const green = this.state.rollback ? undefined : replacementTaskSetId(this.target)
    if (green && green !== this.taskSetId) {
      this.taskSetId = green
      // Its tasks carry the task set's id as startedBy, as a service deployment's carry the deployment's.
      this.tasks = new StoppedTasks(
        {
          cluster: request.cluster,
          service: request.service,
          deploymentId: green,
          taskDefinitionArn: request.taskDefinitionArn,
          timeoutMs: request.timeoutMs,
          maxTaskFailures: request.maxTaskFailures,
          followEcsRollback: false
        },
        { source: deps.ecs, logs: deps.logs, clock: deps.clock, logger: deps.logger }
      )
    }
    const installing = (this.target?.lifecycleEvents ?? []).some(
      e => e.lifecycleEventName === 'Install' && e.status === 'InProgress'
    )
    if (!this.tasks || !installing || deps.clock.now() - this.tasks.lastListAt < LIST_STOPPED_MS) return false
    await this.listTasks()
    return true
  }

  private async listTasks(): Promise<void> {
    if (!this.tasks) return
    this.speaker.showTasks(await this.tasks.refresh())
  }

  private look(): CodeDeployLook {
    const tasks = this.tasks
    return {
      now: this.deps.clock.now(),
      info: this.info,
      target: this.target,
      stoppedTaskCount: tasks?.count ?? 0,
      taskExplanation:
        tasks && tasks.count > 0
          ? explainStoppedTasks(tasks.reports, this.request.taskDefinitionArn, tasks.definition)
          : undefined
    }
  }

  /** on-pause continue: ContinueDeployment READY_WAIT; continued elsewhere in the meantime is fine. */
  private async continueReady(): Promise<void> {
    try {
      await this.deps.codedeploy.continueDeployment(this.state.following, 'READY_WAIT')
    } catch (e) {
      const cause = innermost(e)
      if (errorName(cause) !== 'DeploymentIsNotInReadyStateException') throw e
      this.say(`Deployment ${this.state.following} was no longer Ready: ${describeAwsError(cause)}`)
    }
  }

  private async finish(
    verdict: CodeDeployVerdict
  ): Promise<{ result: RolloutResult; verdict: CodeDeployVerdict }> {
    // The service's last events (steady state, stopped tasks) belong to the story of how it ended.
    await this.events.read(this.deps.clock.now())
    if (verdict.ok) this.say(verdict.cause)
    else {
      this.say(`Rollout ${verdict.outcome}: ${verdict.cause}`)
      for (const line of verdict.details) this.say(line)
    }
    const restored = this.request.previousTaskDefinitionArn
    return {
      verdict,
      result: {
        outcome: verdict.outcome,
        ok: verdict.ok,
        cause: verdict.cause,
        details: verdict.details,
        ...(verdict.outcome === 'ROLLED_BACK' && restored ? { restoredTaskDefinitionArn: restored } : {}),
        events: this.events.lines,
        stoppedTasks: this.tasks?.reports ?? [],
        finishedAt: this.deps.clock.now(),
        polls: this.polls,
        codeDeploy: [...this.timelines, this.timeline()]
      }
    }
  }
}
