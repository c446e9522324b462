// The ECS rolling update (deployment controller ECS, strategy ROLLING): UpdateService, then the rollout watch,
// and on request the rollback to the task definition the service ran before.
import type { Service } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import type { EcsApi, ServiceUpdate } from '../aws/ecs.js'
import { EcsError } from '../aws/errors.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import {
  rollbackService,
  rollbackThroughServiceDeployment,
  waitForIdleService,
  watchRollout
} from '../rollout/index.js'
import type { LogSource, TargetGroupSource, WatchRequest } from '../rollout/types.js'
import type { OnBusy } from '../settings/index.js'
import type { ServiceSettings } from '../settings/taskdef-inputs.js'
import { alreadyServing, busyDeployments, newDeploymentId, primaryDeployment } from './facts.js'
import type { DeploymentPath, RegisteredTaskDefinition, StartedDeployment } from './path.js'
import { ownServiceDeployment } from './own-service-deployment.js'

export interface RollingRequest {
  cluster: string
  service: string
  /** The service as DescribeServices showed it before anything changed. */
  described: Service
  /** The deployment of an earlier attempt of this run, which is followed rather than waited for. */
  ownDeploymentId?: string
  forceNewDeployment: boolean
  desiredCount?: number
  onBusy: OnBusy
  /** wait-for-minutes: bounds the wait for another rollout and the rollout itself, each. */
  timeoutMs: number
  maxTaskFailures: number
  /** rollback-on-failure: follow a rollback ECS's circuit breaker starts to its end, rather than fail at once. */
  followEcsRollback: boolean
  /** Service settings from the inputs, sent with this run's update only (a rollback sends none). */
  serviceSettings?: ServiceSettings
}

export interface RollingDeps {
  ecs: EcsApi
  logs?: LogSource
  targetGroups?: TargetGroupSource
  clock: Clock
  logger: Logger
}

export function busyRefusal(request: RollingRequest): string | undefined {
  const busy = busyDeployments(request.described, request.ownDeploymentId)
  if (busy.length === 0 || request.onBusy !== 'fail') return undefined
  return (
    `The service "${request.service}" has a deployment in progress (${busy.map(d => `${d.id} on ${shortArn(d.taskDefinition ?? '')}`).join(', ')}); ` +
    'on-busy is fail, so nothing was changed. Re-run when it finishes, or set on-busy: wait.'
  )
}

export function createRollingUpdate(request: RollingRequest, deps: RollingDeps): DeploymentPath {
  const { ecs, logger } = deps
  const watchDeps = { ...deps, source: ecs }
  const update = async (
    arn: string,
    options: { forceNewDeployment: boolean; desiredCount?: number; settings?: ServiceUpdate['settings'] }
  ) =>
    ecs.updateService({
      cluster: request.cluster,
      service: request.service,
      taskDefinitionArn: arn,
      ...options
    })
  const watchRequest = (started: StartedDeployment, registered: RegisteredTaskDefinition): WatchRequest => ({
    cluster: request.cluster,
    service: request.service,
    deploymentId: started.id,
    ...(started.serviceDeploymentArn ? { serviceDeploymentArn: started.serviceDeploymentArn } : {}),
    taskDefinitionArn: registered.arn,
    previousTaskDefinitionArn: request.described.taskDefinition,
    timeoutMs: request.timeoutMs,
    maxTaskFailures: request.maxTaskFailures,
    followEcsRollback: request.followEcsRollback
  })

  return {
    label: 'ECS rolling update',

    async waitForIdle() {
      const refusal = busyRefusal(request)
      if (refusal) throw new EcsError(refusal)
      if (busyDeployments(request.described, request.ownDeploymentId).length === 0) return
      await waitForIdleService(
        {
          cluster: request.cluster,
          service: request.service,
          timeoutMs: request.timeoutMs,
          onBusy: request.onBusy,
          ownDeploymentId: request.ownDeploymentId
        },
        { source: ecs, clock: deps.clock, logger }
      )
    },

    async start(registered) {
      const service = request.described
      const primary = primaryDeployment(service)
      const redeploy = !registered.isNew && !request.forceNewDeployment && request.desiredCount === undefined
      if (redeploy && primary?.taskDefinition === registered.arn) {
        // A re-run: the service already has this task definition. Follow its deployment if still rolling out.
        if (alreadyServing(service, registered.arn)) return { id: primary.id ?? '', alreadyServing: true }
        logger.info(`Following the deployment already in progress for this task definition: ${primary.id}`)
        const arn = service.currentServiceDeployment
        return { id: primary.id ?? '', alreadyServing: false, ...(arn ? { serviceDeploymentArn: arn } : {}) }
      }
      const updatedAt = deps.clock.now()
      const updated = await update(registered.arn, {
        forceNewDeployment: request.forceNewDeployment,
        desiredCount: request.desiredCount,
        settings: withDeploymentConfiguration(request.serviceSettings, service)
      })
      const id = newDeploymentId(updated, registered.arn)
      if (!id)
        throw new EcsError(
          `ECS updated ${request.service} but listed no PRIMARY deployment of ${shortArn(registered.arn)}; check the service's events.`
        )
      const serviceDeploymentArn = await ownServiceDeployment(
        { cluster: request.cluster, service: request.service, before: service, updated, updatedAt },
        { ecs, logger }
      )
      logger.info(
        `Started deployment ${id} of ${shortArn(registered.arn)}${serviceDeploymentArn ? ` (service deployment ${serviceDeploymentArn})` : ''}`
      )
      return { id, alreadyServing: false, ...(serviceDeploymentArn ? { serviceDeploymentArn } : {}) }
    },

    follow: (started, registered) => watchRollout(watchRequest(started, registered), watchDeps),

    // rollbackService itself declines when ECS already rolled back, another deployment took over, or there is
    // no earlier task definition, and says so in the result.
    // Where the service has service deployments, ECS rolls back (StopServiceDeployment ROLLBACK); otherwise, or
    // when ECS refuses, the service is updated back to the task definition it ran before.
    async rollBack(failed, started, registered) {
      const watched = watchRequest(started, registered)
      const viaEcs = started.serviceDeploymentArn
        ? await rollbackThroughServiceDeployment(watched, failed, started.serviceDeploymentArn, {
            ...watchDeps,
            stopServiceDeployment: (arn, stopType) => ecs.stopServiceDeployment(arn, stopType)
          })
        : undefined
      return (
        viaEcs ??
        rollbackService(watched, failed, {
          ...watchDeps,
          updateService: async (arn: string) => {
            const updated = await update(arn, { forceNewDeployment: false })
            return { deploymentId: newDeploymentId(updated, arn) ?? '' }
          }
        })
      )
    },

    // on-cancel rollback: one call, answered before the runner's SIGTERM; ECS does the rest.
    async cancel(started) {
      const previous = request.described.taskDefinition
      if (started.serviceDeploymentArn) {
        await ecs.stopServiceDeployment(started.serviceDeploymentArn, 'ROLLBACK')
        return `on-cancel is rollback: asked ECS to roll back service deployment ${started.serviceDeploymentArn} (StopServiceDeployment ROLLBACK); ECS puts ${request.service} back on ${previous ? shortArn(previous) : 'the revision it ran before'}.`
      }
      if (!previous)
        return `on-cancel is rollback, but ${request.service} ran no task definition before this run; deployment ${started.id} goes on.`
      const updated = await update(previous, { forceNewDeployment: false })
      const id = newDeploymentId(updated, previous)
      return `on-cancel is rollback: updated ${request.service} back to ${shortArn(previous)}${id ? ` (deployment ${id})` : ''}; ECS replaces the tasks of deployment ${started.id}.`
    }
  }
}

/**
 * The service settings to send. minimum-healthy-percent / maximum-percent go inside deploymentConfiguration, which
 * UpdateService takes whole: the service's own circuit breaker, alarms and strategy travel with them unchanged.
 */
export function withDeploymentConfiguration(
  settings: ServiceSettings | undefined,
  service: Service
): ServiceUpdate['settings'] {
  if (!settings) return undefined
  const { deploymentConfiguration, ...rest } = settings
  if (!deploymentConfiguration) return rest
  return {
    ...rest,
    deploymentConfiguration: { ...service.deploymentConfiguration, ...deploymentConfiguration }
  }
}
