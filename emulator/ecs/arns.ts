// ECS resource names and ARNs (pure).

export interface Account {
  region: string
  accountId: string
}

const prefix = (a: Account): string => `arn:aws:ecs:${a.region}:${a.accountId}`

/** The short name from a name or an ARN (`...:cluster/NAME`, `...:service/CLUSTER/NAME`, `...:task/CLUSTER/ID`). */
export function lastSegment(nameOrArn: string): string {
  if (!nameOrArn.startsWith('arn:')) return nameOrArn
  const resource = nameOrArn.split(':').slice(5).join(':')
  return resource.split('/').pop() ?? resource
}

export function clusterName(nameOrArn: string | undefined): string {
  return lastSegment(nameOrArn ?? 'default')
}

export const arns = {
  cluster: (a: Account, cluster: string): string => `${prefix(a)}:cluster/${cluster}`,
  service: (a: Account, cluster: string, service: string): string =>
    `${prefix(a)}:service/${cluster}/${service}`,
  task: (a: Account, cluster: string, taskId: string): string => `${prefix(a)}:task/${cluster}/${taskId}`,
  container: (a: Account, cluster: string, taskId: string, containerId: string): string =>
    `${prefix(a)}:container/${cluster}/${taskId}/${containerId}`,
  containerInstance: (a: Account, cluster: string, index: number): string =>
    `${prefix(a)}:container-instance/${cluster}/${(index + 1).toString(16).padStart(32, '0')}`,
  taskDefinition: (a: Account, family: string, revision: number): string =>
    `${prefix(a)}:task-definition/${family}:${revision}`,
  serviceDeployment: (a: Account, cluster: string, service: string, deploymentId: string): string =>
    `${prefix(a)}:service-deployment/${cluster}/${service}/${deploymentId.replace(/^ecs-svc\//, '')}`,
  taskSet: (a: Account, cluster: string, service: string, taskSetId: string): string =>
    `${prefix(a)}:task-set/${cluster}/${service}/${taskSetId}`,
  serviceRevision: (a: Account, cluster: string, service: string, deploymentId: string): string =>
    `${prefix(a)}:service-revision/${cluster}/${service}/${deploymentId.replace(/^ecs-svc\//, '')}`
}

/** A task definition reference split into family and optional revision: `family`, `family:3` or its ARN. */
export function parseTaskDefinitionRef(ref: string): { family: string; revision?: number } | undefined {
  const resource = ref.startsWith('arn:') ? /:task-definition\/(.+)$/.exec(ref)?.[1] : ref
  if (resource === undefined) return undefined
  const match = /^([a-zA-Z0-9_-]{1,255})(?::(\d+))?$/.exec(resource)
  if (!match?.[1]) return undefined
  return match[2] !== undefined ? { family: match[1], revision: Number(match[2]) } : { family: match[1] }
}
