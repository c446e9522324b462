// Registering the planned task definition, unless the service already runs exactly this one.
import { shortArn } from '../aws/arn.js'
import type { EcsApi } from '../aws/ecs.js'
import type { Logger } from '../log.js'
import type { PlannedTaskDefinition } from '../plan.js'
import type { ServiceTarget } from './inspect.js'
import type { RegisteredTaskDefinition } from './path.js'

export async function registerTaskDefinition(
  planned: PlannedTaskDefinition,
  target: ServiceTarget,
  forceNewDeployment: boolean,
  ecs: EcsApi,
  logger: Logger
): Promise<RegisteredTaskDefinition> {
  for (const change of planned.changes) logger.info(`  ${change}`)
  const current = target.current
  // force-new-deployment redeploys the same revision; registering an identical one would only add noise.
  if (planned.sameAsCurrent && current?.taskDefinitionArn) {
    logger.info(
      `The service already runs this task definition (${shortArn(current.taskDefinitionArn)}): no new revision` +
        (forceNewDeployment ? '; force-new-deployment starts a new deployment of it.' : '.')
    )
    return { arn: current.taskDefinitionArn, revision: current.revision, isNew: false }
  }
  const td = await ecs.registerTaskDefinition({
    ...planned.rendered,
    ...(planned.tags.length > 0 ? { tags: planned.tags } : {})
  })
  logger.info(`Registered ${shortArn(td.taskDefinitionArn!)}`)
  return { arn: td.taskDefinitionArn!, revision: td.revision, isNew: true }
}
