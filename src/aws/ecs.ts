// ECS: the calls that read the service and its task definition, register a revision and update the service.
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type Tag,
  type TaskDefinition
} from '@aws-sdk/client-ecs'
import { awsCall } from './errors.js'
import { registerTaskDefinitionOnce, updateServiceOnce, type OnceOptions } from './once.js'

export interface ServiceUpdate {
  cluster: string
  service: string
  taskDefinitionArn: string
  forceNewDeployment: boolean
  desiredCount?: number
}

export interface EcsApi {
  /** undefined when the service does not exist in the cluster. */
  describeService(cluster: string, service: string): Promise<Service | undefined>
  describeTaskDefinition(arn: string): Promise<{ taskDefinition?: TaskDefinition; tags?: Tag[] }>
  registerTaskDefinition(request: RegisterTaskDefinitionCommandInput): Promise<TaskDefinition>
  updateService(update: ServiceUpdate): Promise<Service>
}

export class EcsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EcsError'
  }
}

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

    async describeTaskDefinition(arn) {
      const response = await awsCall(`Reading task definition ${arn} (ecs:DescribeTaskDefinition)`, () =>
        client.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))
      )
      return { taskDefinition: response.taskDefinition, tags: response.tags }
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

    async updateService(update) {
      const response = await awsCall(`Updating service ${update.service} (ecs:UpdateService)`, () =>
        updateServiceOnce(
          client,
          {
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

/** The deployment an UpdateService created: the PRIMARY one on our task definition, newest first. */
export function newDeploymentId(service: Service, taskDefinitionArn: string): string | undefined {
  const ours = (service.deployments ?? [])
    .filter(d => d.status === 'PRIMARY' && d.taskDefinition === taskDefinitionArn)
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))
  return ours[0]?.id
}
