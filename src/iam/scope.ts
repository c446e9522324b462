// How far each statement reaches: exact ARNs of the deploy's own resources in its partition, and the ecs:cluster
// condition that keeps task and service deployment actions in the clusters named. Pure.
import type { DeployPolicyInput, Partition, PolicyStatement } from './types.js'

/** A service as the statements scope it: its cluster and its name (each a name or an ARN). */
export interface ServiceRef {
  cluster: string
  service: string
}

export interface Scope {
  /** arn:<partition>:<service>:<region>:<account>:<resource>, in the deploy's region and account unless given. */
  arn(service: string, resource: string, region?: string, account?: string): string
  clusterArn(cluster: string): string
  serviceArn(s: ServiceRef): string
  /** The service deployments of these services (one wildcard per service, never per cluster). */
  deploymentsOf(list: readonly ServiceRef[]): string | string[]
  /** The condition that limits an action to these services' clusters. */
  inClustersOf(list: readonly ServiceRef[]): NonNullable<PolicyStatement['Condition']>
}

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn'
  if (region.startsWith('us-gov-')) return 'aws-us-gov'
  return 'aws'
}

export function scopeOf(input: Pick<DeployPolicyInput, 'partition' | 'region' | 'accountId'>): Scope {
  const partition = input.partition ?? partitionOf(input.region)
  const arn = (service: string, resource: string, region = input.region, account = input.accountId): string =>
    `arn:${partition}:${service}:${region}:${account}:${resource}`
  const clusterArn = (c: string) => (c.startsWith('arn:') ? c : arn('ecs', `cluster/${clusterName(c)}`))
  return {
    arn,
    clusterArn,
    serviceArn: s =>
      s.service.startsWith('arn:') ? s.service : arn('ecs', `service/${clusterName(s.cluster)}/${s.service}`),
    deploymentsOf: list =>
      one(
        unique(
          list.map(s =>
            arn('ecs', `service-deployment/${clusterName(s.cluster)}/${serviceName(s.service)}/*`)
          )
        )
      ),
    inClustersOf: list => ({
      ArnEquals: { 'ecs:cluster': one(unique(list.map(s => clusterArn(s.cluster)))) }
    })
  }
}

/** A role by name or ARN, as an ARN in the deploy's partition and account. */
export function roleArn(role: string, input: Pick<DeployPolicyInput, 'partition' | 'region' | 'accountId'>) {
  const partition = input.partition ?? partitionOf(input.region)
  return role.startsWith('arn:') ? role : `arn:${partition}:iam::${input.accountId}:role/${role}`
}

/** One resource as a string, several as a list (how people write policies). */
export function one(values: string[]): string | string[] {
  return values.length === 1 ? values[0]! : values
}

export function unique(values: string[]): string[] {
  return [...new Set(values)]
}

export function serviceName(service: string): string {
  // arn:aws:ecs:region:account:service/CLUSTER/NAME
  return service.startsWith('arn:') ? service.slice(service.lastIndexOf('/') + 1) : service
}

export function clusterName(cluster: string): string {
  // arn:aws:ecs:region:account:cluster/NAME
  return cluster.startsWith('arn:') ? cluster.slice(cluster.indexOf('cluster/') + 'cluster/'.length) : cluster
}

/** One statement: Allow these actions on these resources, under the condition if any. */
export function allow(
  Sid: string,
  Action: string[],
  Resource: string | string[],
  Condition?: PolicyStatement['Condition']
): PolicyStatement {
  return { Sid, Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) }
}
