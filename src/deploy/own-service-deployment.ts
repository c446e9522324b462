// Which service deployment this run's UpdateService created: UpdateService's answer names it (currentServiceDeployment,
// changed from before the update); ListServiceDeployments since the update is the fallback. Services whose
// deployments predate the Service Deployments API have none, and are followed through DescribeServices alone.
import type { Service } from '@aws-sdk/client-ecs'
import { describeAwsError } from '../aws/errors.js'
import type { EcsApi } from '../aws/ecs.js'
import type { Logger } from '../log.js'

/** Local clock skew allowed when asking ECS for service deployments created since the update. */
export const CREATED_SKEW_MS = 10_000

export interface UpdateFacts {
  cluster: string
  service: string
  /** The service as DescribeServices showed it before the update. */
  before: Service
  /** UpdateService's answer. */
  updated: Service
  /** Local time of the update. */
  updatedAt: number
}

/** The ARN UpdateService's answer names when it is a new one (pure); undefined when the answer does not tell. */
export function answeredServiceDeployment(before: Service, updated: Service): string | undefined {
  const arn = updated.currentServiceDeployment
  return arn && arn !== before.currentServiceDeployment ? arn : undefined
}

export async function ownServiceDeployment(
  facts: UpdateFacts,
  deps: { ecs: Pick<EcsApi, 'listServiceDeployments'>; logger: Logger }
): Promise<string | undefined> {
  const answered = answeredServiceDeployment(facts.before, facts.updated)
  if (answered) return answered
  // A service that never had one (older deployments) has none now either: no extra call.
  if (!facts.before.currentServiceDeployment && !facts.updated.currentServiceDeployment) return undefined
  try {
    const since = new Date(facts.updatedAt - CREATED_SKEW_MS)
    const found = await deps.ecs.listServiceDeployments(facts.cluster, facts.service, since)
    const newest = found.find(b => b.serviceDeploymentArn !== facts.before.currentServiceDeployment)
    return newest?.serviceDeploymentArn
  } catch (e) {
    deps.logger.info(
      `Could not list the service deployments of ${facts.service} (${describeAwsError(e)}); following through DescribeServices only.`
    )
    return undefined
  }
}
