// The ECS reads behind RolloutSource, on the pipeline's ECSClient.
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  type Task
} from '@aws-sdk/client-ecs'
import { awsCall } from '../aws/errors.js'
import type { RolloutSource } from './types.js'

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
