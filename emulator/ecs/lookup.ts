// Finding records in the model's state by the names and ARNs that callers give, and ECS's not-found errors.
import { AwsError } from '../errors.js'
import { clusterName, lastSegment, parseTaskDefinitionRef } from './arns.js'
import { isObject } from './input.js'
import type {
  ClusterRecord,
  DeploymentRecord,
  EcsState,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord
} from './state.js'

export function notFound(type: 'cluster' | 'service'): AwsError {
  return type === 'cluster'
    ? new AwsError('ClusterNotFoundException', 'Cluster not found.')
    : new AwsError('ServiceNotFoundException', 'Service not found.')
}

/** `family:revision`, its ARN, or a bare family (its latest ACTIVE revision). */
export function findTaskDefinition(state: EcsState, ref: string): TaskDefinitionRecord | undefined {
  const parsed = parseTaskDefinitionRef(ref)
  if (!parsed) return undefined
  const revisions = state.families.get(parsed.family) ?? []
  if (parsed.revision !== undefined) return revisions.find(r => r.revision === parsed.revision)
  return [...revisions].reverse().find(r => r.status === 'ACTIVE')
}

export function requireTaskDefinition(state: EcsState, ref: string): TaskDefinitionRecord {
  const td = findTaskDefinition(state, ref)
  if (!td) throw new AwsError('ClientException', 'Unable to describe task definition.')
  return td
}

export function containersOf(
  td: TaskDefinitionRecord | undefined
): { name: string; image: string; essential: boolean }[] {
  const list = Array.isArray(td?.body.containerDefinitions) ? td.body.containerDefinitions : []
  return list
    .filter(isObject)
    .map(c => ({ name: String(c.name), image: String(c.image), essential: c.essential !== false }))
}

export function requireCluster(state: EcsState, nameOrArn: string | undefined): ClusterRecord {
  const cluster = state.clusters.get(clusterName(nameOrArn))
  if (!cluster) throw notFound('cluster')
  return cluster
}

export function serviceKey(cluster: string, service: string): string {
  return `${cluster}/${lastSegment(service)}`
}

export function findService(
  state: EcsState,
  cluster: ClusterRecord,
  nameOrArn: string
): ServiceRecord | undefined {
  return state.services.get(serviceKey(cluster.name, nameOrArn))
}

/** The service that started a task, if a service did. */
export function serviceOf(state: EcsState, task: TaskRecord): ServiceRecord | undefined {
  return task.serviceName === undefined
    ? undefined
    : state.services.get(serviceKey(task.clusterName, task.serviceName))
}

export function serviceTasks(state: EcsState, service: ServiceRecord): TaskRecord[] {
  return [...state.tasks.values()].filter(
    t => t.clusterName === service.clusterName && t.serviceName === service.name
  )
}

export function deploymentTasks(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord
): TaskRecord[] {
  return serviceTasks(state, service).filter(t => t.deploymentId === deployment.id)
}

export function findTask(state: EcsState, cluster: ClusterRecord, idOrArn: string): TaskRecord | undefined {
  const task = state.tasks.get(lastSegment(idOrArn))
  return task && task.clusterName === cluster.name ? task : undefined
}
