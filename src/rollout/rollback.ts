// Putting the service back on the task definition it ran before, when asked and ECS did not already do it.
import { describeAwsError } from '../aws/errors.js'
import { taskDefinitionLabel } from './progress.js'
import type { RolloutResult, WatchRequest } from './types.js'
import { watchRollout, type WatchDeps } from './watch.js'

export interface RollbackDeps extends WatchDeps {
  /** Updates the service to this task definition; returns the deployment ECS created. */
  updateService(taskDefinitionArn: string): Promise<{ deploymentId: string }>
}

/**
 * Rolls the service back after a failed rollout and follows that deployment with the same watcher.
 * The result still fails (ok false); ROLLED_BACK with restoredTaskDefinitionArn when the rollback completed.
 */
export async function rollbackService(
  request: WatchRequest,
  failed: RolloutResult,
  deps: RollbackDeps
): Promise<RolloutResult> {
  const { logger } = deps
  const previous = request.previousTaskDefinitionArn
  if (failed.ok || failed.outcome === 'ROLLED_BACK') return failed
  const note = (line: string): RolloutResult => ({ ...failed, details: [...failed.details, line] })
  if (failed.outcome === 'REPLACED' || failed.outcome === 'SERVICE_INACTIVE')
    return note(`No rollback: the service is no longer this run's to change (${failed.outcome}).`)
  if (!previous || previous === request.taskDefinitionArn)
    return note('No rollback: the service ran no other task definition before this run.')

  const label = taskDefinitionLabel(previous)
  logger.info(`Rolling back service ${request.service} to ${label} (rollback-on-failure is true)`)
  let deploymentId: string
  try {
    deploymentId = (await deps.updateService(previous)).deploymentId
  } catch (e) {
    logger.warning(`The rollback to ${label} could not be started: ${describeAwsError(e)}`, {
      title: 'Rollback not started'
    })
    return note(`Rollback to ${label} could not be started: ${describeAwsError(e)}`)
  }
  if (!deploymentId)
    return note(`Rollback to ${label}: ECS listed no new deployment; check the service in the console.`)

  const back = await watchRollout(
    {
      ...request,
      deploymentId,
      taskDefinitionArn: previous,
      previousTaskDefinitionArn: undefined,
      serviceDeploymentArn: undefined
    },
    deps
  )
  const result = mergeRollback(request, failed, back, back.ok, `deployment ${deploymentId}`, label)
  if (back.ok)
    logger.info(
      `Service ${request.service} runs ${label} again (deployment ${deploymentId}); the run still fails.`
    )
  else
    logger.warning(`The rollback to ${label} did not complete: ${back.cause}`, { title: 'Rollback failed' })
  return result
}

/** The failed rollout and the rollback's own, as one result: ROLLED_BACK when the rollback completed. */
function mergeRollback(
  request: WatchRequest,
  failed: RolloutResult,
  back: RolloutResult,
  /** The rollback put `label` back. */
  restored: boolean,
  how: string,
  label: string
): RolloutResult {
  const merged = {
    events: [...failed.events, ...back.events],
    stoppedTasks: [
      ...failed.stoppedTasks,
      ...back.stoppedTasks.filter(t => !failed.stoppedTasks.some(f => f.taskArn === t.taskArn))
    ],
    finishedAt: back.finishedAt,
    polls: failed.polls + back.polls,
    serviceDeploymentCalls: (failed.serviceDeploymentCalls ?? 0) + (back.serviceDeploymentCalls ?? 0)
  }
  if (restored) {
    return {
      ...merged,
      outcome: 'ROLLED_BACK',
      ok: false,
      cause: `Rolled back to ${label} (${how} completed). ${failed.cause}`,
      details: [...failed.details, `Service ${request.service} runs ${label} again.`],
      restoredTaskDefinitionArn: request.previousTaskDefinitionArn
    }
  }
  return {
    ...merged,
    outcome: failed.outcome,
    ok: false,
    cause: `${failed.cause}; the rollback to ${label} did not complete either: ${back.cause}`,
    details: [...failed.details, `Rollback (${how}) to ${label}: ${back.outcome}`, ...back.details]
  }
}

export interface EcsRollbackDeps extends WatchDeps {
  stopServiceDeployment(arn: string, stopType: 'ROLLBACK'): Promise<void>
}

/**
 * rollback-on-failure where the service has service deployments: StopServiceDeployment ROLLBACK (it works whether or
 * not the service configures rollback), then the rollback ECS starts is followed to its end. Undefined when ECS
 * refused the stop (a deployment that already ended, a missing permission): the caller updates the service instead.
 */
export async function rollbackThroughServiceDeployment(
  request: WatchRequest,
  failed: RolloutResult,
  serviceDeploymentArn: string,
  deps: EcsRollbackDeps
): Promise<RolloutResult | undefined> {
  const previous = request.previousTaskDefinitionArn
  if (failed.ok || ['ROLLED_BACK', 'REPLACED', 'SERVICE_INACTIVE'].includes(failed.outcome)) return undefined
  if (!previous || previous === request.taskDefinitionArn) return undefined
  const label = taskDefinitionLabel(previous)
  const { logger } = deps
  try {
    await deps.stopServiceDeployment(serviceDeploymentArn, 'ROLLBACK')
  } catch (e) {
    logger.info(
      `ECS did not stop service deployment ${serviceDeploymentArn} (${describeAwsError(e)}); updating the service back to ${label} instead.`
    )
    return undefined
  }
  logger.info(
    `Rolling back service ${request.service} to ${label}: StopServiceDeployment ROLLBACK on ${serviceDeploymentArn} (rollback-on-failure is true)`
  )
  const earlier = { eventsSince: failed.finishedAt, stoppedTasks: failed.stoppedTasks }
  // The tasks that failed were counted already: the rollback's end is ECS's to say.
  const back = await watchRollout({ ...request, followEcsRollback: true, maxTaskFailures: 0, earlier }, deps)
  // ECS's rollback deployment completing is the followed watch's ROLLED_BACK.
  const result = mergeRollback(request, failed, back, back.outcome === 'ROLLED_BACK', 'ECS rollback', label)
  if (result.outcome === 'ROLLED_BACK')
    logger.info(`Service ${request.service} runs ${label} again; the run still fails.`)
  else
    logger.warning(`The rollback to ${label} did not complete: ${back.cause}`, { title: 'Rollback failed' })
  return result
}
