// What following a service deployment takes in and reads from.
import type {
  DeploymentConfiguration,
  DeploymentLifecycleHookAction,
  ServiceDeployment,
  ServiceRevision
} from '@aws-sdk/client-ecs'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { OnPause, WaitUntil } from '../settings/types.js'
import type { LogSource, RolloutSource, ServiceEventLine } from './types.js'

/** The Service Deployments API calls the watch makes; EcsApi has them. */
export interface ServiceDeploymentSource extends RolloutSource {
  describeServiceDeployments(arns: string[]): Promise<ServiceDeployment[]>
  describeServiceRevisions(arns: string[]): Promise<ServiceRevision[]>
  stopServiceDeployment(arn: string, stopType: 'ROLLBACK'): Promise<void>
  continueServiceDeployment(arn: string, hookId: string, action: DeploymentLifecycleHookAction): Promise<void>
}

export interface StagedWatchRequest {
  cluster: string
  service: string
  region?: string
  serviceDeploymentArn: string
  /** The deployments[] id of the same deployment (ecs-svc/...): its tasks are started by it. */
  deploymentId: string
  taskDefinitionArn: string
  previousTaskDefinitionArn?: string
  /** The service's deployment configuration before the update (when the deployment does not carry its own). */
  configuration?: DeploymentConfiguration
  timeoutMs: number
  followRollback: boolean
  waitUntil: WaitUntil
  onPause: OnPause
  /** A pause hook this run answers once seen (continue-deployment), and how. */
  answer?: { action: DeploymentLifecycleHookAction }
  /** The service's events an earlier watch already printed (the way back after a completed deployment). */
  eventsSaid?: ServiceEventLine[]
}

export interface StagedWatchDeps {
  ecs: ServiceDeploymentSource
  logs?: LogSource
  clock: Clock
  logger: Logger
  random?: () => number
}
