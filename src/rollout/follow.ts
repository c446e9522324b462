// The rollout stage: follow this run's deployment, and roll back when asked.
import type { ActionDeps } from '../main.js'
import type { Connection } from '../aws/connect.js'
import { newDeploymentId, type EcsApi } from '../aws/ecs.js'
import { createLogSource } from '../aws/logs.js'
import { rollbackService, watchRollout, type RolloutResult } from './index.js'
import { createRolloutSource, createTargetGroupSource } from './sources.js'
import type { Settings } from '../settings.js'
import type { Service } from '@aws-sdk/client-ecs'

export async function followRollout(
  settings: Settings,
  service: Service,
  taskDefinitionArn: string,
  deploymentId: string,
  aws: Connection,
  ecs: EcsApi,
  deps: ActionDeps
): Promise<RolloutResult> {
  const watchDeps = {
    source: createRolloutSource(aws.clients.ecs),
    logs: createLogSource(aws.clients.logs),
    targetGroups: createTargetGroupSource(aws.clients.elb),
    clock: deps.clock,
    logger: deps.logger
  }
  const request = {
    cluster: settings.cluster,
    service: settings.service!,
    deploymentId,
    taskDefinitionArn,
    previousTaskDefinitionArn: service.taskDefinition,
    timeoutMs: settings.waitForMinutes * 60_000,
    maxTaskFailures: settings.maxTaskFailures,
    followEcsRollback: settings.rollbackOnFailure
  }
  const result = await watchRollout(request, watchDeps)
  // rollbackService itself declines when ECS already rolled back, another deployment took over, or there is no
  // earlier task definition, and says so in the result.
  if (result.ok || !settings.rollbackOnFailure) return result
  return rollbackService(request, result, {
    ...watchDeps,
    updateService: async (arn: string) => {
      const updated = await ecs.updateService({
        cluster: settings.cluster,
        service: settings.service!,
        taskDefinitionArn: arn,
        forceNewDeployment: false
      })
      return { deploymentId: newDeploymentId(updated, arn) ?? '' }
    }
  })
}
