// Following the rollouts of several services at once (services-order parallel), and stopping early: once one fails,
// the others are not followed to their end. With rollback-on-failure and rollback-scope all they are rolled back at
// once (each through its own path) and those rollbacks followed; without rollback-on-failure the run ends within
// seconds, saying for each other service where it is and how to follow it (it goes on deploying).
import { cancellableClock, isCancelled } from '../cancel.js'
import type { Clock } from '../clock.js'
import type {
  DeploymentPath,
  DeploymentPathName,
  RegisteredTaskDefinition,
  StartedDeployment
} from '../deploy/index.js'
import { leaveLines } from '../deploy/on-cancel.js'
import type { Logger } from '../log.js'
import type { ServiceRecord } from '../report/record.js'
import type { RolloutResult } from '../rollout/types.js'
import type { RollbackScope } from '../settings/index.js'

/** One service of the release as it is followed (what it needs of the release's ServiceRun). */
export interface FollowedRun {
  plan: { deployment: { path: DeploymentPathName } }
  path: DeploymentPath
  logger: Logger
  record: ServiceRecord
  stopper: FollowStopper
}

/** A service's following ended early because another service of the release failed. */
export class FollowingStopped extends Error {
  constructor(readonly why: string) {
    super(`No longer followed: ${why}.`)
    this.name = 'FollowingStopped'
  }
}

/** Stops one service's following: its path's clock, whose waits end with FollowingStopped once stopped. */
export interface FollowStopper {
  /** The clock its deployment path waits on. */
  readonly clock: Clock
  readonly stopped: boolean
  stop(why: string): void
  /** Waits work again (for the rollback that follows). */
  reset(): void
}

export function followStopper(clock: Clock): FollowStopper {
  let controller = new AbortController()
  let why = ''
  const stopper: FollowStopper = {
    clock: {
      now: () => clock.now(),
      sleep: ms =>
        cancellableClock(clock, { signal: controller.signal, error: () => new FollowingStopped(why) }).sleep(
          ms
        )
    },
    get stopped() {
      return controller.signal.aborted
    },
    stop(reason) {
      if (controller.signal.aborted) return
      why = reason
      controller.abort()
    },
    reset() {
      controller = new AbortController()
    }
  }
  return stopper
}

export interface FollowTogetherOptions {
  rollbackOnFailure: boolean
  scope: RollbackScope
}

/**
 * Follows these runs' deployments together. A failed one is rolled back at once (rollback-on-failure). With several
 * services, the first failure also stops following the others unless they must still be followed (rollback-scope
 * failed): with rollback-on-failure they are rolled back with the release, at once, in flight or completed; without
 * it they are left deploying, each record saying so. Results land in each run's record.
 */
export async function followTogether(
  following: FollowedRun[],
  runs: FollowedRun[],
  registered: RegisteredTaskDefinition[],
  options: FollowTogetherOptions,
  clock: Pick<Clock, 'now'>
): Promise<(RolloutResult | undefined)[]> {
  const several = runs.length > 1
  const stopsOthers = several && (!options.rollbackOnFailure || options.scope === 'all')
  const rollsBackOthers = several && options.rollbackOnFailure && options.scope === 'all'
  let failure: string | undefined
  const alongside: Promise<void>[] = []
  const registeredOf = (run: FollowedRun) => registered[runs.indexOf(run)]!

  const failed = (run: FollowedRun) => {
    if (failure !== undefined || !stopsOthers) return
    failure = `${run.record.name} failed`
    for (const other of following) {
      if (other === run) continue
      if (!other.record.rollout) other.stopper.stop(failure)
      // A service whose rollout completed before the failure goes back now too.
      else if (rollsBackOthers && other.record.rollout.ok)
        alongside.push(rollBackWithRelease(other, registeredOf(other), failure, clock).then(() => undefined))
    }
  }

  const followOne = async (run: FollowedRun): Promise<RolloutResult | undefined> => {
    const started = run.record.started!
    let result: RolloutResult
    try {
      result = await run.path.follow(started, registeredOf(run))
    } catch (e) {
      if (!(e instanceof FollowingStopped)) {
        // A cancelled run is on-cancel's to settle, not a failure of this service.
        if (!isCancelled(e)) failed(run)
        throw e
      }
      run.stopper.reset()
      if (rollsBackOthers) return rollBackWithRelease(run, registeredOf(run), e.why, clock)
      run.record.leftDeploying = leftDeployingLines(run, started, e.why)
      for (const line of run.record.leftDeploying) run.logger.info(line)
      run.record.finishedAt = clock.now()
      return undefined
    }
    run.record.rollout = result
    if (!result.ok) failed(run)
    else if (rollsBackOthers && failure !== undefined)
      // It completed while the others were being stopped: it goes back with the release as well.
      return rollBackWithRelease(run, registeredOf(run), failure, clock)
    const final =
      result.ok || !options.rollbackOnFailure
        ? result
        : await run.path.rollBack(result, started, registeredOf(run))
    run.record.finishedAt = clock.now()
    return (run.record.rollout = final)
  }

  const settled = await Promise.allSettled(following.map(followOne))
  await Promise.all(alongside)
  const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (rejected) throw rejected.reason
  return settled.map(s => (s.status === 'fulfilled' ? s.value : undefined))
}

/**
 * Puts one service back because another of the release failed (rollback-scope all), and follows that rollback: a
 * deployment in flight through its path's rollback (rolling: StopServiceDeployment ROLLBACK or UpdateService back;
 * CodeDeploy: StopDeployment with rollback), a service deployment of BLUE_GREEN, LINEAR or CANARY by asking ECS to
 * roll it back and following it again.
 */
export async function rollBackWithRelease(
  run: FollowedRun,
  registered: RegisteredTaskDefinition,
  why: string,
  clock: Pick<Clock, 'now'>
): Promise<RolloutResult> {
  const own = run.record.rollout
  const started = run.record.started!
  run.logger.info(
    `Rolling back: ${why}, and rollback-scope is all${own ? '' : ' (its own rollout was still in progress)'}.`
  )
  const failed: RolloutResult = {
    ...(own ?? { events: [], stoppedTasks: [], details: [], polls: 0 }),
    outcome: 'FAILED',
    ok: false,
    cause: `${run.record.name} is rolled back with the release (${why}).`,
    finishedAt: clock.now()
  }
  // ECS rolls a failed service deployment back itself; one in flight is asked to (StopServiceDeployment ROLLBACK).
  const inFlightStaged = !own && run.plan.deployment.path === 'ecs-staged'
  let result: RolloutResult
  if (inFlightStaged && run.path.cancel) {
    run.logger.info(await run.path.cancel(started))
    const back = await run.path.follow(started, registered)
    result = { ...back, ok: false, cause: `${back.cause} ${failed.cause}` }
  } else if (own?.ok && !started.alreadyServing && run.path.revert) {
    // Its own deployment completed: a new one takes it back (a completed service deployment cannot be stopped).
    const back = await run.path.revert(failed, started, registered)
    result = back.restoredTaskDefinitionArn ? back : { ...back, cause: `${back.cause} ${failed.cause}` }
  } else result = await run.path.rollBack(failed, started, registered)
  run.record.rollout = result
  run.record.rolledBackWithRelease = true
  if (!own) run.record.stoppedMidRollout = true
  run.record.finishedAt = clock.now()
  return result
}

/** A service left deploying when another failed (no rollback-on-failure): where it is, and how to follow it. */
export function leftDeployingLines(run: FollowedRun, started: StartedDeployment, why: string): string[] {
  const head = `Still deploying: this run stopped following deployment ${started.id} when ${why}; it goes on without the run (rollback-on-failure is false).`
  if (started.codedeployDeploymentId)
    return [
      head,
      `Follow it: aws deploy get-deployment --deployment-id ${started.codedeployDeploymentId}`,
      `Stop it and roll back: aws deploy stop-deployment --deployment-id ${started.codedeployDeploymentId} --auto-rollback-enabled`
    ]
  const { cluster, service, previousArn } = run.record
  return [head, ...leaveLines({ cluster, service, previousTaskDefinitionArn: previousArn }, started).slice(1)]
}
