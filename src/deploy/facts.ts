// Facts about a service's deployments, read from DescribeServices: pure, defined once, used by every stage.
import type { Deployment, Service, TaskDefinition } from '@aws-sdk/client-ecs'

export function primaryDeployment(service: Service | undefined): Deployment | undefined {
  return service?.deployments?.find(d => d.status === 'PRIMARY')
}

/** The task definition the service runs uses this image: a rollout of it is an earlier attempt of this run. */
export function isOwnAttempt(current: TaskDefinition | undefined, image: string): boolean {
  return (current?.containerDefinitions ?? []).some(c => c.image === image)
}

/** The deployment of an earlier attempt of this run, if one is the service's PRIMARY. */
export function ownDeployment(service: Service, ownAttempt: boolean): Deployment | undefined {
  const primary = primaryDeployment(service)
  return ownAttempt && primary?.taskDefinition === service.taskDefinition ? primary : undefined
}

/**
 * Deployments still rolling out, but `ownDeploymentId` (an earlier attempt of this run, which it follows).
 * Without rollout states, a PRIMARY not yet alone at full count counts as busy.
 */
export function busyDeployments(service: Service | undefined, ownDeploymentId?: string): Deployment[] {
  const all = service?.deployments ?? []
  return all.filter(d => {
    if (ownDeploymentId !== undefined && d.id === ownDeploymentId) return false
    if (d.rolloutState) return d.rolloutState === 'IN_PROGRESS'
    return d.status === 'PRIMARY' && (all.length > 1 || (d.runningCount ?? 0) !== (d.desiredCount ?? 0))
  })
}

/** This deployment is done: the PRIMARY, COMPLETED (or, without rollout states, alone at full count). */
export function isDeploymentDone(d: Deployment, all: Deployment[]): boolean {
  if (d.status !== 'PRIMARY') return false
  if (d.rolloutState) return d.rolloutState === 'COMPLETED'
  // Services without rollout states: the SDK waiter's notion, applied to the right deployment.
  return all.length === 1 && (d.runningCount ?? 0) === (d.desiredCount ?? 0) && (d.pendingCount ?? 0) === 0
}

/** The service's finished PRIMARY deployment already runs this task definition: nothing to deploy. */
export function alreadyServing(service: Service, taskDefinitionArn: string): boolean {
  const primary = primaryDeployment(service)
  return primary?.taskDefinition === taskDefinitionArn && isDeploymentDone(primary, service.deployments ?? [])
}

/** The deployment an UpdateService created: the PRIMARY one on our task definition, newest first. */
export function newDeploymentId(service: Service, taskDefinitionArn: string): string | undefined {
  const ours = (service.deployments ?? [])
    .filter(d => d.status === 'PRIMARY' && d.taskDefinition === taskDefinitionArn)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
  return ours[0]?.id
}

/**
 * A re-run: this run starts no new deployment (the task definition is not new, and neither force-new-deployment nor
 * desired-count asks for one) and the service's PRIMARY already has it. That deployment, to follow or be done with.
 */
export function earlierAttempt(
  service: Service,
  registered: { arn: string; isNew: boolean },
  asked: { forceNewDeployment: boolean; desiredCount?: number }
): Deployment | undefined {
  const primary = primaryDeployment(service)
  const redeploy = !registered.isNew && !asked.forceNewDeployment && asked.desiredCount === undefined
  return redeploy && primary?.taskDefinition === registered.arn ? primary : undefined
}
