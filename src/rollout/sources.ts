// The reads behind RolloutSource (the pipeline's ECSClient) and TargetGroupSource (its ELBv2 client).
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Task
} from '@aws-sdk/client-ecs'
import {
  DescribeTargetGroupAttributesCommand,
  type ElasticLoadBalancingV2Client
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { awsCall } from '../aws/errors.js'
import type { RolloutSource, TargetGroupSource } from './types.js'

/** A rollout rarely stops more tasks than this; beyond it the first pages explain enough. */
const MAX_LIST_PAGES = 5

export function createRolloutSource(client: ECSClient): RolloutSource {
  return {
    async describeService(cluster, service) {
      const response = await awsCall(
        `Following service ${service} in cluster ${cluster} (ecs:DescribeServices)`,
        () => client.send(new DescribeServicesCommand({ cluster, services: [service] }))
      )
      return response.services?.[0]
    },

    async listStoppedTasks(cluster, service, startedBy) {
      const arns: string[] = []
      let nextToken: string | undefined
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        // ListTasks takes startedBy without serviceName/family: the deployment id already names the service's tasks.
        const response = await awsCall(
          `Listing stopped tasks of ${service} deployment ${startedBy} (ecs:ListTasks)`,
          () => client.send(new ListTasksCommand({ cluster, startedBy, desiredStatus: 'STOPPED', nextToken }))
        )
        arns.push(...(response.taskArns ?? []))
        nextToken = response.nextToken
        if (!nextToken) break
      }
      return arns
    },

    async describeTasks(cluster, arns) {
      const tasks: Task[] = []
      for (let i = 0; i < arns.length; i += 100) {
        const response = await awsCall(
          `Reading stopped tasks in cluster ${cluster} (ecs:DescribeTasks)`,
          () => client.send(new DescribeTasksCommand({ cluster, tasks: arns.slice(i, i + 100) }))
        )
        tasks.push(...(response.tasks ?? []))
      }
      return tasks
    },

    async describeTaskDefinition(arn) {
      const response = await awsCall(`Reading task definition ${arn} (ecs:DescribeTaskDefinition)`, () =>
        client.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))
      )
      return response.taskDefinition
    }
  }
}

/** ELB's default when a target group does not say (it always does). */
const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300

export function createTargetGroupSource(client: ElasticLoadBalancingV2Client): TargetGroupSource {
  return {
    async deregistrationDelaySeconds(targetGroupArn) {
      const response = await awsCall(
        `Reading the deregistration delay of ${targetGroupArn} (elasticloadbalancing:DescribeTargetGroupAttributes)`,
        () => client.send(new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }))
      )
      const value = response.Attributes?.find(a => a.Key === 'deregistration_delay.timeout_seconds')?.Value
      const seconds = Number(value ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS)
      return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_DEREGISTRATION_DELAY_SECONDS
    }
  }
}
