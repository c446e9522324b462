// The ECS controller's BLUE_GREEN, LINEAR and CANARY strategies: UpdateService, find the service deployment it
// created, and follow that through the Service Deployments API to SUCCESSFUL (or the wait-until stage), a pause,
// or a rollback. ECS rolls back itself; the run's own rollback is StopServiceDeployment ROLLBACK.
import type { Service } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import { describeAwsError, EcsError } from '../aws/errors.js'
import type { StagedWatchRequest } from '../rollout/staged-types.js'
import { watchServiceDeployment } from '../rollout/staged-watch.js'
import { taskDefinitionLabel } from '../rollout/progress.js'
import type { RolloutResult } from '../rollout/types.js'
import { LIFECYCLE_STAGES, type OnPause, type WaitUntil } from '../settings/types.js'
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

/** What "done" means on this path, for the plan: e.g. "done: the service deployment is SUCCESSFUL, after ...". */
export function stagedDoneMeaning(service: Service, waitUntil: WaitUntil): string {
  if (waitUntil.kind === 'stage')
    return `done: the service deployment reaches ${waitUntil.stage} healthy (wait-until); ECS finishes it without the run`
  const c = service.deploymentConfiguration
  const waits: string[] = []
  if (c?.strategy === 'LINEAR') {
    const step = c.linearConfiguration?.stepPercent ?? 10
    waits.push(
      `traffic shifted in steps of ${step} % every ${c.linearConfiguration?.stepBakeTimeInMinutes ?? 6} min`
    )
  }
  if (c?.strategy === 'CANARY')
    waits.push(
      `a canary of ${c.canaryConfiguration?.canaryPercent ?? 5} % for ${c.canaryConfiguration?.canaryBakeTimeInMinutes ?? 10} min`
    )
  const bake = c?.bakeTimeInMinutes ?? 0
  if (bake > 0) waits.push(`the bake time of ${bake} min`)
  const pauses = (c?.lifecycleHooks ?? []).filter(h => h.targetType === 'PAUSE')
  if (pauses.length > 0) waits.push(`${pauses.length} pause hook${pauses.length > 1 ? 's' : ''} answered`)
  return `done: the service deployment is SUCCESSFUL${waits.length > 0 ? `, after ${waits.join(', ')}` : ''}`
}

/**
 * wait-until against the path: a lifecycle stage needs a service deployment path, and one the strategy passes
 * every time (RECONCILE_SERVICE happens only when more than one revision runs). Undefined: fine.
 */
export function waitUntilProblem(path: string, strategy: string, waitUntil: WaitUntil): string | undefined {
  if (waitUntil.kind !== 'stage') return undefined
  if (path === 'ecs-rolling')
    return (
      `wait-until is ${waitUntil.stage}, but the service deploys with the ${strategy} strategy, whose deployments have no ` +
      'lifecycle stages to stop at; use wait-until: deployed (the default) for this service.'
    )
  if (waitUntil.stage === 'RECONCILE_SERVICE')
    return (
      'wait-until is RECONCILE_SERVICE, a stage ECS passes only when the service runs more than one revision; ' +
      `name a later stage: ${LIFECYCLE_STAGES.slice(1).join(', ')}.`
    )
  return undefined
}
