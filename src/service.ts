// The service stage: read the service before anything changes, then update it (or follow an earlier attempt).
import type { ActionDeps } from './main.js'
import type { Connection } from './aws/connect.js'
import { EcsError, newDeploymentId, type EcsApi } from './aws/ecs.js'
import type { Logger } from './log.js'
import { shortArn } from './aws/arn.js'
import { waitForIdleService } from './rollout/index.js'
import { createRolloutSource } from './rollout/sources.js'
import type { Settings } from './settings.js'
import { clusterNotFoundMessage } from './settings/checks.js'
import { AwsCallError, errorName } from './aws/errors.js'
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'

export interface ServiceTarget {
  service: Service
  current?: TaskDefinition
}

export async function inspectService(
  settings: Settings,
  ecs: EcsApi,
  logger: Logger,
  image: string,
  account?: string
): Promise<ServiceTarget> {
  const service = await ecs.describeService(settings.cluster, settings.service!).catch((e: unknown) => {
    // checks.ts: ECS's bare "Cluster not found." with the cluster, region and account, and what to check.
    if (e instanceof AwsCallError && errorName(e.cause) === 'ClusterNotFoundException')
      throw new EcsError(clusterNotFoundMessage(settings.cluster, settings.region ?? 'us-east-1', account))
    throw e
  })
  if (!service || service.status === 'INACTIVE')
    throw new EcsError(
      `The service "${settings.service}" does not exist in cluster "${settings.cluster}"; create it first, or fix service / cluster / aws-region.`
    )
  if (service.status !== 'ACTIVE')
    throw new EcsError(
      `The service "${settings.service}" is ${service.status}, not ACTIVE; it cannot be deployed to.`
    )
  const current = service.taskDefinition
    ? (await ecs.describeTaskDefinition(service.taskDefinition)).taskDefinition
    : undefined
  // A rollout of this very image is an earlier attempt of this run (a re-run), which it follows: not "busy".
  const ownAttempt = (current?.containerDefinitions ?? []).some(c => c.image === image)
  const busy = (service.deployments ?? []).filter(
    d =>
      d.rolloutState === 'IN_PROGRESS' &&
      !(ownAttempt && d.status === 'PRIMARY' && d.taskDefinition === service.taskDefinition)
  )
  if (busy.length > 0 && settings.onBusy === 'fail' && !settings.dryRun)
    throw new EcsError(
      `The service "${settings.service}" has a deployment in progress (${busy.map(d => `${d.id} on ${shortArn(d.taskDefinition ?? '')}`).join(', ')}); ` +
        'on-busy is fail, so nothing was changed. Re-run when it finishes, or set on-busy: wait.'
    )
  logger.info(
    `Service ${service.serviceName} runs ${shortArn(service.taskDefinition ?? 'nothing yet')}, ${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks`
  )
  return { service, current }
}

export async function updateService(
  settings: Settings,
  service: Service,
  registered: { arn: string; isNew: boolean },
  ecs: EcsApi,
  aws: Connection,
  deps: ActionDeps
): Promise<{ id: string; alreadyServing: boolean }> {
  const primary = service.deployments?.find(d => d.status === 'PRIMARY')
  if (
    !registered.isNew &&
    !settings.forceNewDeployment &&
    primary?.taskDefinition === registered.arn &&
    settings.desiredCount === undefined
  ) {
    // A re-run: the service already has this task definition. Follow its deployment if still rolling out.
    const alone = (service.deployments ?? []).length === 1
    if (
      primary.rolloutState === 'COMPLETED' ||
      (!primary.rolloutState && alone && primary.runningCount === primary.desiredCount)
    )
      return { id: primary.id ?? '', alreadyServing: true }
    deps.logger.info(`Following the deployment already in progress for this task definition: ${primary.id}`)
    return { id: primary.id ?? '', alreadyServing: false }
  }
  const others = (service.deployments ?? []).filter(d => d.rolloutState === 'IN_PROGRESS')
  if (others.length > 0 && settings.onBusy === 'wait') {
    await waitForIdleService(
      {
        cluster: settings.cluster,
        service: settings.service!,
        timeoutMs: settings.waitForMinutes * 60_000,
        onBusy: settings.onBusy
      },
      { source: createRolloutSource(aws.clients.ecs), clock: deps.clock, logger: deps.logger }
    )
  }
  const updated = await ecs.updateService({
    cluster: settings.cluster,
    service: settings.service!,
    taskDefinitionArn: registered.arn,
    forceNewDeployment: settings.forceNewDeployment,
    desiredCount: settings.desiredCount
  })
  const id = newDeploymentId(updated, registered.arn)
  if (!id)
    throw new EcsError(
      `ECS updated ${settings.service} but listed no PRIMARY deployment of ${shortArn(registered.arn)}; check the service's events.`
    )
  deps.logger.info(`Started deployment ${id} of ${shortArn(registered.arn)}`)
  return { id, alreadyServing: false }
}
