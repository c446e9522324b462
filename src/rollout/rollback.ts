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
    { ...request, deploymentId, taskDefinitionArn: previous, previousTaskDefinitionArn: undefined },
    deps
  )
  const merged = {
    events: [...failed.events, ...back.events],
    stoppedTasks: [...failed.stoppedTasks, ...back.stoppedTasks],
    finishedAt: back.finishedAt,
    polls: failed.polls + back.polls
  }
  if (back.ok) {
    logger.info(
      `Service ${request.service} runs ${label} again (deployment ${deploymentId}); the run still fails.`
    )
    return {
      ...merged,
      outcome: 'ROLLED_BACK',
      ok: false,
      cause: `Rolled back to ${label} (deployment ${deploymentId} completed). ${failed.cause}`,
      details: [...failed.details, `Service ${request.service} runs ${label} again.`],
      restoredTaskDefinitionArn: previous
    }
  }
  logger.warning(`The rollback to ${label} did not complete: ${back.cause}`, { title: 'Rollback failed' })
  return {
    ...merged,
    outcome: failed.outcome,
    ok: false,
    cause: `${failed.cause}; the rollback to ${label} did not complete either: ${back.cause}`,
    details: [
      ...failed.details,
      `Rollback deployment ${deploymentId} to ${label}: ${back.outcome}`,
      ...back.details
    ]
  }
}
