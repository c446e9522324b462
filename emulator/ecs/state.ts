// The records the ECS model keeps. Times are real epoch milliseconds on the model's simulated timeline.
import type { Json } from './input.js'
import type { ScenarioFailure } from './scenario.js'

export interface TaskDefinitionRecord {
  family: string
  revision: number
  arn: string
  /** The taskDefinition object as DescribeTaskDefinition returns it (timestamps in epoch seconds). */
  body: Json
  tags: Json[]
  status: 'ACTIVE' | 'INACTIVE'
}

export interface ClusterRecord {
  name: string
  arn: string
  tags: Json[]
  settings: Json[]
}

export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

export interface DeploymentRecord {
  id: string
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE'
  taskDefinitionArn: string
  failedTasks: number
  createdAt: number
  updatedAt: number
  launchType: string
  platformVersion?: string
  networkConfiguration?: Json
  rolloutState: RolloutState
  rolloutStateReason: string
  /** When rolloutState last changed (real epoch ms of the simulated moment). */
  rolloutStateChangedAt: number
  /** Deployments of the service when this one started (for DescribeServiceDeployments). */
  sourceIds: string[]
  /** For a circuit-breaker rollback: the COMPLETED deployment whose task definition it restores. */
  rollbackOf?: string
  /** For a failed deployment that was rolled back: the rollback deployment. */
  rolledBackBy?: string
  /** Set when a newer deployment replaced this one before it finished. */
  superseded?: boolean
  finishedAt?: number
}

export interface ServiceEventRecord {
  id: string
  createdAt: number
  message: string
}

export interface DeploymentConfig {
  maximumPercent: number
  minimumHealthyPercent: number
  circuitBreaker: { enable: boolean; rollback: boolean }
  /** Other members given by the caller, echoed back. */
  extra: Json
}

export interface ServiceRecord {
  name: string
  arn: string
  clusterName: string
  clusterArn: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  desiredCount: number
  launchType: string
  platformVersion?: string
  taskDefinitionArn: string
  /** ECS, CODE_DEPLOY or EXTERNAL; only ECS deployments are modelled. */
  deploymentController: string
  deploymentConfiguration: DeploymentConfig
  networkConfiguration?: Json
  loadBalancers: Json[]
  healthCheckGracePeriodSeconds?: number
  tags: Json[]
  enableECSManagedTags: boolean
  propagateTags: string
  enableExecuteCommand: boolean
  createdAt: number
  createdBy: string
  deployments: DeploymentRecord[]
  /** Every deployment ever started, newest first (capped). */
  history: DeploymentRecord[]
  events: ServiceEventRecord[]
  lastCompleted?: DeploymentRecord
  steady: boolean
  lastPlacementEventAt?: number
  placementRetryPending: boolean
}

export interface ContainerRecord {
  name: string
  image: string
  arn: string
  runtimeId?: string
  lastStatus: string
  exitCode?: number
  reason?: string
  healthStatus?: string
  essential: boolean
  logConfiguration?: Json
  cpu?: string
  memory?: string
  memoryReservation?: string
}

/** How a task will fail, decided when it is launched. */
export interface TaskFate {
  failure: ScenarioFailure
  container: string
  image: string
}

export interface TaskRecord {
  id: string
  arn: string
  clusterName: string
  clusterArn: string
  taskDefinition: TaskDefinitionRecord
  serviceName?: string
  deploymentId?: string
  startedBy?: string
  group: string
  launchType: string
  lastStatus: string
  desiredStatus: 'RUNNING' | 'STOPPED'
  healthy: boolean
  healthStatus: string
  createdAt: number
  pullStartedAt?: number
  pullStoppedAt?: number
  connectivityAt?: number
  startedAt?: number
  stoppingAt?: number
  executionStoppedAt?: number
  stoppedAt?: number
  stopCode?: string
  stoppedReason?: string
  containers: ContainerRecord[]
  version: number
  tags: Json[]
  overrides: Json
  fate?: TaskFate
}

export const preRunning = ['PROVISIONING', 'PENDING', 'ACTIVATING']
