// ECS: the one wrapper of ECSClient. Reads the service, its task definitions and tasks; registers a revision;
// updates the service. Loaded only through the factory in clients.ts, so it is a chunk of its own.
import {
  ContinueServiceDeploymentCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopServiceDeploymentCommand,
  StopTaskCommand,
  type DeploymentLifecycleHookAction,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
  type ServiceRevision,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Tag,
  type UpdateServiceCommandInput,
  type Task,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import type { RolloutSource } from '../rollout/types.js'
import type { TaskApi } from '../run-task/follow.js'
import { awsCall, EcsError } from './errors.js'
import { registerTaskDefinitionOnce, updateServiceOnce, type OnceOptions } from './once.js'

export interface ServiceUpdate {
  cluster: string
  service: string
  taskDefinitionArn: string
  forceNewDeployment: boolean
  desiredCount?: number
  /** Service settings the inputs give (propagate-tags, ...); each absent one stays out of the request. */
  settings?: Omit<UpdateServiceCommandInput, 'cluster' | 'service' | 'taskDefinition' | 'forceNewDeployment'>
}

/** DescribeServices of several services of one cluster (at most 10, the API's limit). */
export interface ServicesReader {
  describeServices(cluster: string, services: string[]): Promise<{ services: Service[]; missing: string[] }>
}

/** The ECS calls the action makes; the rollout watch uses the reads (RolloutSource). */
export interface EcsApi extends RolloutSource, TaskApi, ServicesReader {
  registerTaskDefinition(request: RegisterTaskDefinitionCommandInput): Promise<TaskDefinition>
  updateService(update: ServiceUpdate): Promise<Service>
  /** A task definition kept in ECS (family, family:revision or ARN), with its tags. */
  readTaskDefinition(reference: string): Promise<{ taskDefinition?: TaskDefinition; tags: Tag[] }>
  /** The service deployments named (at most 20 per call; ECS's limit). Unknown ones are left out. */
  describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]>
  /** The service's deployments, newest first; `createdAfter` keeps only those made since. */
  listServiceDeployments(
    cluster: string,
    service: string,
    createdAfter?: Date
  ): Promise<ServiceDeploymentBrief[]>
  /** StopServiceDeployment; stopType ROLLBACK rolls the service back to the revision it ran before. */
  stopServiceDeployment(arn: string, stopType: 'ROLLBACK'): Promise<void>
  /** ContinueServiceDeployment: answers a pause hook that is AWAITING_ACTION. */
  continueServiceDeployment(arn: string, hookId: string, action: DeploymentLifecycleHookAction): Promise<void>
  /** The service revisions named (at most 20 per call). */
  describeServiceRevisions(arns: string[]): Promise<ServiceRevision[]>
}

/** A rollout rarely stops more tasks than this; beyond it the first pages explain enough. */
const MAX_LIST_PAGES = 5

/** `once` gives the clock and logger for RegisterTaskDefinition and UpdateService after a lost answer. */
export function createEcsApi(client: ECSClient, once: OnceOptions = {}): EcsApi {
  return {
    async describeService(cluster, service) {
      const response = await awsCall(
        `Reading service ${service} in cluster ${cluster} (ecs:DescribeServices)`,
        () => client.send(new DescribeServicesCommand({ cluster, services: [service] }))
      )
      return response.services?.[0]
    },

    async describeServices(cluster, services) {
      const response = await awsCall(
        `Reading services ${services.join(', ')} in cluster ${cluster} (ecs:DescribeServices)`,
        () => client.send(new DescribeServicesCommand({ cluster, services }))
      )
      return {
        services: response.services ?? [],
        missing: (response.failures ?? []).map(f => f.arn ?? '').filter(a => a !== '')
      }
    },

    async describeTaskDefinition(arn) {
      const response = await awsCall(`Reading task definition ${arn} (ecs:DescribeTaskDefinition)`, () =>
        client.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))
      )
      return response.taskDefinition
    },

    async readTaskDefinition(reference) {
      const response = await awsCall(
        `Reading task definition ${reference} with its tags (ecs:DescribeTaskDefinition)`,
        () => client.send(new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }))
      )
      return { taskDefinition: response.taskDefinition, tags: response.tags ?? [] }
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

    async registerTaskDefinition(request) {
      const response = await awsCall(
        `Registering task definition ${request.family} (ecs:RegisterTaskDefinition)`,
        () => registerTaskDefinitionOnce(client, request, once)
      )
      if (!response.taskDefinition?.taskDefinitionArn)
        throw new EcsError(
          `ECS registered ${request.family} but returned no task definition ARN; check the family in the console.`
        )
      return response.taskDefinition
    },

    async runTask(request) {
      // clientToken makes the SDK's retry of a lost answer start no second task.
      const response = await awsCall(`Running a task of ${request.taskDefinition} (ecs:RunTask)`, () =>
        client.send(new RunTaskCommand(request))
      )
      return { task: response.tasks?.[0], failures: response.failures ?? [] }
    },

    async stopTask(cluster, task, reason) {
      await awsCall(`Stopping task ${task} (ecs:StopTask)`, () =>
        client.send(new StopTaskCommand({ cluster, task, reason }))
      )
    },

    async describeServiceDeployments(arns) {
      const found: ServiceDeployment[] = []
      for (let i = 0; i < arns.length; i += 20) {
        const response = await awsCall('Reading service deployments (ecs:DescribeServiceDeployments)', () =>
          client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns.slice(i, i + 20) }))
        )
        found.push(...(response.serviceDeployments ?? []))
      }
      return found
    },

    async listServiceDeployments(cluster, service, createdAfter) {
      const briefs: ServiceDeploymentBrief[] = []
      let nextToken: string | undefined
      for (let page = 0; page < MAX_LIST_PAGES; page++) {
        const response = await awsCall(
          `Listing service deployments of ${service} in cluster ${cluster} (ecs:ListServiceDeployments)`,
          () =>
            client.send(
              new ListServiceDeploymentsCommand({
                cluster,
                service,
                nextToken,
                ...(createdAfter ? { createdAt: { after: createdAfter } } : {})
              })
            )
        )
        briefs.push(...(response.serviceDeployments ?? []))
        nextToken = response.nextToken
        if (!nextToken) break
      }
      return briefs.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
    },

    async stopServiceDeployment(arn, stopType) {
      await awsCall(`Stopping service deployment ${arn} (ecs:StopServiceDeployment)`, () =>
        client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType }))
      )
    },

    async continueServiceDeployment(arn, hookId, action) {
      await awsCall(`Continuing service deployment ${arn} (ecs:ContinueServiceDeployment)`, () =>
        client.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId, action }))
      )
    },

    async describeServiceRevisions(arns) {
      const found: ServiceRevision[] = []
      for (let i = 0; i < arns.length; i += 20) {
        const response = await awsCall('Reading service revisions (ecs:DescribeServiceRevisions)', () =>
          client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: arns.slice(i, i + 20) }))
        )
        found.push(...(response.serviceRevisions ?? []))
      }
      return found
    },

    async updateService(update) {
      const response = await awsCall(`Updating service ${update.service} (ecs:UpdateService)`, () =>
        updateServiceOnce(
          client,
          {
            ...update.settings,
            cluster: update.cluster,
            service: update.service,
            taskDefinition: update.taskDefinitionArn,
            forceNewDeployment: update.forceNewDeployment,
            ...(update.desiredCount !== undefined ? { desiredCount: update.desiredCount } : {})
          },
          once
        )
      )
      if (!response.service) throw new EcsError(`ECS returned no service after updating ${update.service}.`)
      return response.service
    }
  }
}
