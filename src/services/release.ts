// Deploying every service of a release through its deployment path: the busy guard for all before any change, the
// updates in parallel or in the listed order, all rollouts followed together, and the failure policy.
import { shortArn } from '../aws/arn.js'
import { EcsError } from '../aws/errors.js'
import type { EcsApi } from '../aws/ecs.js'
import type { Clock } from '../clock.js'
import type { CodeDeployApi } from '../aws/codedeploy.js'
import {
  busyRefusal,
  createDeploymentPath,
  type DeploymentPath,
  type RegisteredTaskDefinition,
  type RollingDeps,
  type StartedDeployment
} from '../deploy/index.js'
import type { Logger } from '../log.js'
import type { ReleasePlan, ServicePlan } from '../plan.js'
import { DeployFailed, rolloutTitle } from '../report/failure.js'
import type { ServiceRecord, StageRunner } from '../report/record.js'
import type { RollbackScope, ServicesOrder } from '../settings/index.js'
import { followStopper, followTogether, rollBackWithRelease, type FollowStopper } from './follow-together.js'
import { serviceLogger } from './logger.js'
import { sharedReads, withSharedReads } from './shared-reads.js'

/** One service on its way: its plan, its deployment path, and what happened to it (the record's entry). */
export interface ServiceRun {
  plan: ServicePlan & { deployment: NonNullable<ServicePlan['deployment']> }
  path: DeploymentPath
  logger: Logger
  record: ServiceRecord
  /** Ends the following of its deployment early, when another service of the release failed. */
  stopper: FollowStopper
}

/**
 * A deployment path per service, from the seam. With several services each logs with its name in front and all
 * share their DescribeServices looks (one call per cluster per look).
 */
export function serviceRuns(
  plan: ReleasePlan,
  deps: RollingDeps & { ecs: EcsApi; codedeploy?: CodeDeployApi }
): ServiceRun[] {
  const several = plan.services.length > 1
  const ecs = several ? withSharedReads(deps.ecs, sharedReads(deps.ecs, deps.clock)) : deps.ecs
  return plan.services.map(service => {
    const { deployment, entry, target } = service
    if (!deployment || !entry || !target) throw new EcsError('No service to update.') // deploy mode reads each
    const logger = several ? serviceLogger(deps.logger, entry.name) : deps.logger
    const stopper = followStopper(deps.clock)
    return {
      plan: { ...service, deployment },
      path: createDeploymentPath(
        deployment.path,
        deployment.request,
        { ...deps, ecs, logger, clock: stopper.clock },
        deployment.codedeploy
      ),
      logger,
      stopper,
      record: {
        name: entry.name,
        cluster: entry.cluster,
        service: entry.service,
        family: service.taskDefinition.family,
        previousArn: target.service.taskDefinition
      }
    }
  })
}

/**
 * Before the first change: a busy service with on-busy fail blocks the whole release (every busy one named);
 * with on-busy wait, the run waits for each busy service (together) to be idle.
 */
export async function waitForIdleServices(runs: ServiceRun[]): Promise<void> {
  const refusals = runs.flatMap(r => busyRefusal(r.plan.deployment.request) ?? [])
  if (refusals.length > 1)
    throw new EcsError(
      `${refusals.length} services of the release are busy; nothing was changed:\n${refusals.map(r => `  - ${r}`).join('\n')}`
    )
  const busy = runs.filter(r => r.plan.deployment.busy.length > 0)
  await Promise.all(busy.map(r => r.path.waitForIdle()))
}

export interface RollOutOptions {
  order: ServicesOrder
  /** wait-for-service-stability. */
  follow: boolean
  rollbackOnFailure: boolean
  scope: RollbackScope
}

/**
 * Starts each service's deployment and follows it: parallel updates every service, then follows all together;
 * sequential updates one at a time, each after the one before completed, and stops at the first that fails. A
 * failed service is rolled back at once (rollback-on-failure); with rollback-scope all, so is every other service
 * this run updated, once the rollouts in flight have ended. Results land in each run's record.
 */
export async function rollOut(
  runs: ServiceRun[],
  registered: RegisteredTaskDefinition[],
  options: RollOutOptions,
  stage: StageRunner,
  clock: Pick<Clock, 'now'>
): Promise<void> {
  const several = runs.length > 1
  const start = async (run: ServiceRun, i: number): Promise<StartedDeployment> => {
    run.record.startedAt = clock.now()
    const started = (run.record.started = await run.path.start(registered[i]!))
    if (started.alreadyServing) run.record.finishedAt = clock.now()
    return started
  }
  const needsFollowing = (run: ServiceRun) => options.follow && !run.record.started!.alreadyServing

  try {
    if (options.order === 'parallel' || !several) {
      await stage(several ? 'Update services' : 'Update service', async () => {
        for (const [i, run] of runs.entries()) await start(run, i)
      })
      const following = runs.filter(needsFollowing)
      if (following.length > 0)
        await stage(
          'Rollout',
          () => followTogether(following, runs, registered, options, clock),
          results =>
            several
              ? following.map((r, i) => `${r.record.name} ${results[i]?.outcome ?? 'IN_PROGRESS'}`).join(', ')
              : results[0]?.outcome
        )
    } else {
      for (const [i, run] of runs.entries()) {
        await stage(`Update service ${run.record.name}`, () => start(run, i))
        if (!needsFollowing(run)) continue
        const [result] = await stage(
          `Rollout of ${run.record.name}`,
          () => followTogether([run], runs, registered, options, clock),
          r => r[0]?.outcome
        )
        if (!result?.ok) break
      }
    }
  } catch (error) {
    // An update ECS refused after others were made: those go back too, when the release asks for it.
    if (several && options.rollbackOnFailure && options.scope === 'all')
      await rollBackTheRest(runs, registered, `the release failed: ${(error as Error).message}`, stage, clock)
    throw error
  }
  const failed = runs.filter(r => r.record.rollout && !r.record.rollout.ok)
  if (several && failed.length > 0 && options.rollbackOnFailure && options.scope === 'all')
    await rollBackTheRest(
      runs,
      registered,
      `${failed.map(r => r.record.name).join(', ')} failed`,
      stage,
      clock
    )
}

/**
 * Puts back every service this run updated that has not gone back yet: whose own rollout did not fail (the failed
 * ones went back already) and that was not rolled back with the release while the others were followed.
 */
async function rollBackTheRest(
  runs: ServiceRun[],
  registered: RegisteredTaskDefinition[],
  why: string,
  stage: StageRunner,
  clock: Pick<Clock, 'now'>
): Promise<void> {
  const back = runs.filter(
    r =>
      r.record.started &&
      !r.record.started.alreadyServing &&
      !r.record.rolledBackWithRelease &&
      (!r.record.rollout || r.record.rollout.ok)
  )
  if (back.length === 0) return
  await stage('Roll back with the release', () =>
    Promise.all(back.map(run => rollBackWithRelease(run, registered[runs.indexOf(run)]!, why, clock)))
  )
}

/** The service whose rollout failed first, in the listed order; undefined when none did. */
export function firstFailure(runs: ServiceRun[]): ServiceRun | undefined {
  return runs.find(r => r.record.rollout && !r.record.rollout.ok && !r.record.rolledBackWithRelease)
}

/** The error that fails a release of several services: the failed service's cause, and where each one ended. */
export function releaseFailure(failed: ServiceRun, runs: ServiceRun[]): DeployFailed {
  const rollout = failed.record.rollout!
  const where = runs.map(r => {
    const state =
      r.record.rollout?.outcome ??
      (r.record.started?.alreadyServing
        ? 'COMPLETED'
        : r.record.leftDeploying
          ? 'IN_PROGRESS'
          : r.record.started
            ? 'STARTED'
            : 'NOT_UPDATED')
    const arn = r.record.rollout?.restoredTaskDefinitionArn ?? r.record.registered?.arn
    const line = `${r.record.name}: ${state}${arn ? ` (${shortArn(arn)})` : ''}`
    return [line, ...(r.record.leftDeploying ?? []).map(l => `  ${l}`)]
  })
  return new DeployFailed(`${failed.record.name}: ${rollout.cause}`, rolloutTitle(rollout), [
    ...rollout.details,
    'Services of the release:',
    ...where.flat().map(w => `  ${w}`)
  ])
}
