// The ECS controller's BLUE_GREEN, LINEAR and CANARY strategies: UpdateService, find the service deployment it
// created, and follow that through the Service Deployments API to SUCCESSFUL (or the wait-until stage), a pause,
// or a rollback. ECS rolls back itself; the run's own rollback is StopServiceDeployment ROLLBACK.
import type { Service } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { describeAwsError, EcsError } from '../aws/errors.js'
import type { StagedWatchRequest } from '../rollout/staged-types.js'
import { watchServiceDeployment } from '../rollout/staged-watch.js'
import { taskDefinitionLabel } from '../rollout/progress.js'
import { mergeEvents } from '../rollout/service-events.js'
import type { RolloutResult } from '../rollout/types.js'
import type { OnPause, WaitUntil } from '../settings/types.js'
import { alreadyServing, earlierAttempt, newDeploymentId } from './facts.js'
import type { DeploymentPath, RegisteredTaskDefinition, StartedDeployment } from './path.js'
import {
  createRollingUpdate,
  withDeploymentConfiguration,
  type RollingDeps,
  type RollingRequest
} from './rolling.js'

/** What a service deployment path needs besides what every ECS path does. */
export interface StagedOptions {
  waitUntil: WaitUntil
  onPause: OnPause
  region?: string
}

export type StagedRequest = RollingRequest & StagedOptions

/** How far back ListServiceDeployments looks for the deployment an UpdateService created (clock skew). */
export const CREATED_SKEW_MS = 60_000

export function createStagedDeployment(
  request: StagedRequest,
  deps: RollingDeps,
  label: string
): DeploymentPath {
  const { ecs, logger, clock } = deps
  // Waiting for another deployment to finish is the same as on a rolling service: both are in deployments[].
  const rolling = createRollingUpdate(request, deps)
  const watchRequest = (
    started: StartedDeployment,
    registered: RegisteredTaskDefinition
  ): StagedWatchRequest => ({
    cluster: request.cluster,
    service: request.service,
    region: request.region,
    serviceDeploymentArn: started.serviceDeploymentArn ?? '',
    deploymentId: started.id,
    taskDefinitionArn: registered.arn,
    previousTaskDefinitionArn: request.described.taskDefinition,
    configuration: request.described.deploymentConfiguration,
    timeoutMs: request.timeoutMs,
    followRollback: request.followEcsRollback,
    waitUntil: request.waitUntil,
    onPause: request.onPause
  })

  return {
    label,
    waitForIdle: () => rolling.waitForIdle(),

    async start(registered) {
      const service = request.described
      const primary = earlierAttempt(service, registered, request)
      if (primary) {
        // A re-run: the service already has this task definition; follow its deployment if still going.
        if (alreadyServing(service, registered.arn)) return { id: primary.id ?? '', alreadyServing: true }
        const current = service.currentServiceDeployment
        if (current) {
          logger.info(
            `Following the service deployment already in progress for this task definition: ${current}`
          )
          return { id: primary.id ?? '', serviceDeploymentArn: current, alreadyServing: false }
        }
      }
      const before = service.currentServiceDeployment
      const startedAt = clock.now()
      const updated = await ecs.updateService({
        cluster: request.cluster,
        service: request.service,
        taskDefinitionArn: registered.arn,
        forceNewDeployment: request.forceNewDeployment,
        desiredCount: request.desiredCount,
        settings: withDeploymentConfiguration(request.serviceSettings, service)
      })
      const arn = await createdServiceDeployment(updated, before, startedAt)
      const id = newDeploymentId(updated, registered.arn) ?? ''
      logger.info(
        `Started service deployment ${arn} (${label}) of ${shortArn(registered.arn)}${id ? ` (deployment ${id})` : ''}`
      )
      return { id: id || shortArn(arn), serviceDeploymentArn: arn, alreadyServing: false }
    },

    follow: (started, registered) => {
      if (!started.serviceDeploymentArn)
        throw new EcsError(
          `No service deployment to follow for ${request.service}; check the service in the ECS console.`
        )
      return watchServiceDeployment(watchRequest(started, registered), {
        ecs,
        logs: deps.logs,
        clock,
        logger
      })
    },

    // ECS rolls a service deployment back itself (and the watch asks it to on a timeout): nothing left to do here.
    rollBack: async (failed: RolloutResult) =>
      failed.outcome === 'FAILED'
        ? { ...failed, details: [...failed.details, rollbackNote(failed)] }
        : failed,

    // A completed service deployment cannot be stopped: the way back is a new one, to the revision before.
    async revert(completed, started, registered) {
      const previous = request.described.taskDefinition
      if (!previous)
        return {
          ...completed,
          ok: false,
          details: [
            ...completed.details,
            `${request.service} ran no task definition before this run; it stays on ${taskDefinitionLabel(registered.arn)}.`
          ]
        }
      const startedAt = clock.now()
      const updated = await ecs.updateService({
        cluster: request.cluster,
        service: request.service,
        taskDefinitionArn: previous,
        forceNewDeployment: false
      })
      const arn = await createdServiceDeployment(updated, started.serviceDeploymentArn, startedAt)
      logger.info(
        `Started service deployment ${arn} (${label}) back to ${taskDefinitionLabel(previous)}: ${request.service} completed, but the release is rolled back.`
      )
      const back: StartedDeployment = {
        id: newDeploymentId(updated, previous) ?? shortArn(arn),
        serviceDeploymentArn: arn,
        alreadyServing: false
      }
      const watched = watchRequest(back, { arn: previous, isNew: false })
      // Followed to the end whatever wait-until says: "rolled back" must mean the revision before serves again.
      const result = await watchServiceDeployment(
        {
          ...watched,
          previousTaskDefinitionArn: registered.arn,
          waitUntil: { kind: 'deployed' },
          onPause: 'wait',
          eventsSaid: completed.events
        },
        { ecs, logs: deps.logs, clock, logger }
      )
      if (result.outcome === 'COMPLETED')
        return {
          ...completed,
          outcome: 'ROLLED_BACK',
          ok: false,
          cause: `Rolled back to ${taskDefinitionLabel(previous)} (service deployment ${shortArn(arn)} completed). ${completed.cause}`,
          details: [...completed.details, `The service runs ${taskDefinitionLabel(previous)} again.`],
          events: mergeEvents(completed.events, result.events),
          restoredTaskDefinitionArn: previous,
          finishedAt: result.finishedAt,
          polls: completed.polls + result.polls
        }
      return {
        ...result,
        ok: false,
        outcome: 'FAILED',
        cause: `Putting ${request.service} back on ${taskDefinitionLabel(previous)} did not finish: ${result.cause}`
      }
    },

    async cancel(started) {
      const arn = started.serviceDeploymentArn
      if (!arn) return `No service deployment of this run to roll back on ${request.service}.`
      try {
        await ecs.stopServiceDeployment(arn, 'ROLLBACK')
        return (
          `Asked ECS to roll back service deployment ${shortArn(arn)} (StopServiceDeployment ROLLBACK): ` +
          `the service returns to ${taskDefinitionLabel(request.described.taskDefinition)}.`
        )
      } catch (e) {
        return `Could not ask ECS to roll back service deployment ${shortArn(arn)}: ${describeAwsError(e)}`
      }
    }
  }

  /**
   * The service deployment this run's UpdateService created: the service's currentServiceDeployment when it changed,
   * else the newest one ListServiceDeployments shows since the update.
   */
  async function createdServiceDeployment(updated: Service, before: string | undefined, startedAt: number) {
    const after = updated.currentServiceDeployment
    if (after && after !== before) return after
    const listed = await ecs.listServiceDeployments(
      request.cluster,
      request.service,
      new Date(startedAt - CREATED_SKEW_MS)
    )
    const found = listed.find(d => d.serviceDeploymentArn && d.serviceDeploymentArn !== before)
    if (found?.serviceDeploymentArn) return found.serviceDeploymentArn
    throw new EcsError(
      `ECS updated ${request.service} but showed no new service deployment (currentServiceDeployment ${before ? 'unchanged' : 'absent'}, ` +
        'none listed since the update); check the service in the ECS console.'
    )
  }
}

function rollbackNote(failed: RolloutResult): string {
  return failed.restoredTaskDefinitionArn
    ? `The service runs ${taskDefinitionLabel(failed.restoredTaskDefinitionArn)} again.`
    : 'No rollback by the run: ECS ended the service deployment (stopped or failed) and rolls back where the service configures it.'
}
