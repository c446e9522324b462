// Reading the service before anything changes: it must exist and be ACTIVE; its task definition is the baseline.
import type { Service, TaskDefinition } from '@aws-sdk/client-ecs'
import { shortArn } from '../aws/arn.js'
import type { EcsApi } from '../aws/ecs.js'
import { AwsCallError, EcsError, errorName } from '../aws/errors.js'
import type { Logger } from '../log.js'
import { clusterNotFoundMessage } from '../settings/checks.js'

export interface ServiceTarget {
  service: Service
  current?: TaskDefinition
}

export async function inspectService(
  cluster: string,
  name: string,
  ecs: EcsApi,
  logger: Logger,
  where: { region: string; account?: string }
): Promise<ServiceTarget> {
  const service = await ecs.describeService(cluster, name).catch((e: unknown) => {
    // ECS's bare "Cluster not found." with the cluster, region and account, and what to check.
    if (e instanceof AwsCallError && errorName(e.cause) === 'ClusterNotFoundException')
      throw new EcsError(clusterNotFoundMessage(cluster, where.region, where.account))
    throw e
  })
  if (!service || service.status === 'INACTIVE')
    throw new EcsError(
      `The service "${name}" does not exist in cluster "${cluster}"; create it first, or fix service / cluster / aws-region.`
    )
  if (service.status !== 'ACTIVE')
    throw new EcsError(`The service "${name}" is ${service.status}, not ACTIVE; it cannot be deployed to.`)
  const current = service.taskDefinition
    ? await ecs.describeTaskDefinition(service.taskDefinition)
    : undefined
  logger.info(
    `Service ${service.serviceName} runs ${shortArn(service.taskDefinition ?? 'nothing yet')}, ${service.runningCount ?? 0}/${service.desiredCount ?? 0} tasks`
  )
  return { service, current }
}
