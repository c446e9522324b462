// The IAM authorizations each ECS operation needs, after the Service Authorization Reference (pure).
import type { IamCheck } from '../contract.js'
import { arns, clusterName, lastSegment, type Account } from './arns.js'
import { isObject, type Json } from './input.js'

/** What the checks need to know about stored task definitions. */
export interface TaskDefinitionFacts {
  /** The ARN a reference resolves to (latest ACTIVE revision for a bare family), if it exists. */
  resolve(ref: string): { arn: string; taskRoleArn?: string; executionRoleArn?: string } | undefined
  /** The ARN the next registration of this family will get. */
  nextArn(family: string): string
}

const passedToEcsTasks = { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' }

function str(input: Json, field: string): string | undefined {
  const value = input[field]
  return typeof value === 'string' && value !== '' ? value : undefined
}

function strings(input: Json, field: string): string[] {
  const value = input[field]
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

function passRoles(roles: (string | undefined)[]): IamCheck[] {
  const unique = [...new Set(roles.filter((r): r is string => r !== undefined && r !== ''))]
  return unique.map(role => ({ action: 'iam:PassRole', resource: role, context: { ...passedToEcsTasks } }))
}

/** The cluster ARN of a service deployment or service revision ARN (`...:service-deployment/<cluster>/...`). */
function clusterOfArn(account: Account, arn: string): string {
  const cluster = /:service-(?:deployment|revision)\/([^/]+)\//.exec(arn)?.[1] ?? 'default'
  return arns.cluster(account, cluster)
}

/** Roles ECS assumes for a deployment (lifecycle hooks, load balancer advancedConfiguration) are passed to ecs.amazonaws.com. */
function passInfrastructureRoles(input: Json): IamCheck[] {
  const config = isObject(input.deploymentConfiguration) ? input.deploymentConfiguration : {}
  const hooks = Array.isArray(config.lifecycleHooks) ? config.lifecycleHooks.filter(isObject) : []
  const lbs = Array.isArray(input.loadBalancers) ? input.loadBalancers.filter(isObject) : []
  const roles = [
    ...hooks.map(h => str(h, 'roleArn')),
    ...lbs.map(lb =>
      isObject(lb.advancedConfiguration) ? str(lb.advancedConfiguration, 'roleArn') : undefined
    )
  ]
  const unique = [...new Set(roles.filter((r): r is string => r !== undefined))]
  return unique.map(role => ({
    action: 'iam:PassRole',
    resource: role,
    context: { 'iam:PassedToService': 'ecs.amazonaws.com' }
  }))
}

function hasTags(input: Json): boolean {
  return Array.isArray(input.tags) && input.tags.length > 0
}

export function iamChecks(
  account: Account,
  facts: TaskDefinitionFacts,
  operation: string,
  input: Json
): IamCheck[] {
  const action = `ecs:${operation}`
  const cluster = clusterName(str(input, 'cluster'))
  const clusterArn = arns.cluster(account, cluster)
  const onCluster = { 'ecs:cluster': clusterArn }
  const serviceCheck = (service: string): IamCheck => ({
    action,
    resource: arns.service(account, cluster, lastSegment(service)),
    context: { ...onCluster }
  })
  const taskCheck = (task: string): IamCheck => ({
    action,
    resource: arns.task(account, cluster, lastSegment(task)),
    context: { ...onCluster }
  })

  switch (operation) {
    case 'RegisterTaskDefinition': {
      const checks: IamCheck[] = [{ action, resource: '*' }]
      const family = str(input, 'family')
      // Tagging on create needs ecs:TagResource on the new revision.
      if (hasTags(input) && family !== undefined) {
        checks.push({
          action: 'ecs:TagResource',
          resource: facts.nextArn(family),
          context: { 'ecs:CreateAction': 'RegisterTaskDefinition' }
        })
      }
      return [...checks, ...passRoles([str(input, 'taskRoleArn'), str(input, 'executionRoleArn')])]
    }
    case 'DescribeTaskDefinition':
    case 'DeregisterTaskDefinition':
    case 'ListTaskDefinitions':
    case 'ListTaskDefinitionFamilies':
    case 'CreateCluster':
    case 'ListClusters':
      return [{ action, resource: '*' }]
    case 'DescribeClusters': {
      const clusters = strings(input, 'clusters')
      const names = clusters.length > 0 ? clusters : ['default']
      return names.map(name => ({ action, resource: arns.cluster(account, clusterName(name)) }))
    }
    case 'ListServices':
    case 'ListTasks':
      return [{ action, resource: '*', context: { ...onCluster } }]
    case 'CreateService': {
      const checks = [serviceCheck(str(input, 'serviceName') ?? '')]
      if (hasTags(input)) {
        checks.push({
          action: 'ecs:TagResource',
          resource: arns.service(account, cluster, str(input, 'serviceName') ?? ''),
          context: { 'ecs:CreateAction': 'CreateService' }
        })
      }
      checks.push(...passInfrastructureRoles(input))
      const role = str(input, 'role')
      if (role !== undefined) {
        checks.push({
          action: 'iam:PassRole',
          resource: role,
          context: { 'iam:PassedToService': 'ecs.amazonaws.com' }
        })
      }
      return checks
    }
    case 'UpdateService':
      return [serviceCheck(str(input, 'service') ?? ''), ...passInfrastructureRoles(input)]
    case 'DeleteService':
      return [serviceCheck(str(input, 'service') ?? '')]
    case 'DescribeServices':
      return strings(input, 'services').map(serviceCheck)
    case 'ListServiceDeployments':
      return [serviceCheck(str(input, 'service') ?? '')]
    // service-deployment/<cluster>/<service>/<id> and service-revision/<cluster>/<service>/<id> resources.
    case 'DescribeServiceDeployments':
    case 'DescribeServiceRevisions':
      return strings(
        input,
        operation === 'DescribeServiceDeployments' ? 'serviceDeploymentArns' : 'serviceRevisionArns'
      ).map(arn => ({
        action,
        resource: arn,
        context: { 'ecs:cluster': clusterOfArn(account, arn) }
      }))
    case 'StopServiceDeployment':
    case 'ContinueServiceDeployment': {
      const arn = str(input, 'serviceDeploymentArn') ?? ''
      return [{ action, resource: arn, context: { 'ecs:cluster': clusterOfArn(account, arn) } }]
    }
    case 'DescribeTasks':
      return strings(input, 'tasks').map(taskCheck)
    case 'StopTask':
      return [taskCheck(str(input, 'task') ?? '')]
    case 'RunTask': {
      const ref = str(input, 'taskDefinition') ?? ''
      const resolved = facts.resolve(ref)
      const checks: IamCheck[] = [{ action, resource: resolved?.arn ?? ref, context: { ...onCluster } }]
      if (hasTags(input)) {
        checks.push({ action: 'ecs:TagResource', resource: '*', context: { 'ecs:CreateAction': 'RunTask' } })
      }
      const overrides = isObject(input.overrides) ? input.overrides : {}
      return [
        ...checks,
        ...passRoles([
          str(overrides, 'taskRoleArn') ?? resolved?.taskRoleArn,
          str(overrides, 'executionRoleArn') ?? resolved?.executionRoleArn
        ])
      ]
    }
    default:
      return [{ action, resource: '*' }]
  }
}
