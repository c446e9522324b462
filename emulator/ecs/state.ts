// The records the ECS model keeps, and the one state object that holds them. Times are real epoch milliseconds
// on the model's simulated timeline.
import type { EcsModelOptions } from '../contract.js'
import type { Account } from './arns.js'
import type { Json } from './input.js'
import { defaultRunTaskScenario, type RunTaskScenario } from './run-task-scenario.js'
import { createCodeDeployState, type CodeDeployState } from '../codedeploy/state.js'
import { defaultScenario, type EcsScenario, type ScenarioFailure } from './scenario.js'

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
  /** Why a rollback was started (StopServiceDeployment, circuit breaker), for the service deployment's rollback. */
  rollbackReason?: string
  /** BLUE_GREEN, LINEAR and CANARY: the service deployment's own progress (staged.ts). */
  staged?: StagedDeployment
  /** CODE_DEPLOY: this deployment is a task set at this scale (percent of the desired count). */
  taskSet?: TaskSetState
}

export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED'

export type HookStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED' | 'AWAITING_ACTION' | 'TIMED_OUT'

/** One run of a lifecycle hook at one stage (lifecycleHookDetails). */
export interface HookRun {
  hookId: string
  targetType: 'AWS_LAMBDA' | 'PAUSE'
  targetArn?: string
  stage: string
  status: HookStatus
  expiresAt?: number
  timeoutAction: 'ROLLBACK' | 'CONTINUE'
}

export interface StagedDeployment {
  status: ServiceDeploymentStatus
  statusReason: string
  lifecycleStage?: string
  /** The stage's own work (scale up, traffic shift, bake) is done; the stage ends once its hooks succeeded too. */
  stageWorkDone: boolean
  hooks: HookRun[]
  testWeight: number
  productionWeight: number
  rollback?: { reason: string; startedAt: number; toId: string }
  triggeredAlarms: string[]
  breakerTriggered: boolean
  stoppedAt?: number
  finishedAt?: number
  /** Bumped whenever the deployment changes course, so that steps scheduled before then do nothing. */
  epoch: number
}

export interface TaskSetState {
  arn: string
  /** Percent of the service's desired count this task set runs. */
  scale: number
  /** Percent of production traffic it gets. */
  trafficWeight: number
  /** The CodeDeploy deployment that created it (externalId in ECS's view). */
  externalId?: string
}

export interface ServiceEventRecord {
  id: string
  createdAt: number
  message: string
}

export interface CircuitBreakerConfig {
  enable: boolean
  rollback: boolean
  /** Whether a task that runs healthily resets failedTasks (ECS default true). */
  resetOnHealthyTask?: boolean
  thresholdConfiguration?: { type: 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT' | 'COUNT'; value: number }
}

export interface DeploymentConfig {
  maximumPercent: number
  minimumHealthyPercent: number
  circuitBreaker: CircuitBreakerConfig
  /** Other members given by the caller, echoed back. */
  extra: Json
}

export interface ServiceRecord {
  /** DescribeServices reads still to answer without currentServiceDeployment (scenario.serviceDeploymentLag). */
  hideServiceDeploymentReads?: number
  name: string
  arn: string
  clusterName: string
  clusterArn: string
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  deploymentController: 'ECS' | 'CODE_DEPLOY' | 'EXTERNAL'
  desiredCount: number
  launchType: string
  platformVersion?: string
  taskDefinitionArn: string
  deploymentConfiguration: DeploymentConfig
  networkConfiguration?: Json
  loadBalancers: Json[]
  healthCheckGracePeriodSeconds?: number
  tags: Json[]
  enableECSManagedTags: boolean
  propagateTags: string
  enableExecuteCommand: boolean
  /** Settings the model only stores and shows (operations/service-settings.ts). */
  settings?: { availabilityZoneRebalancing?: string; volumeConfigurations?: Json[] }
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

/** A moment on the simulated timeline at which something happens (a task changes state, a retry, ...). */
export interface ScheduledStep {
  at: number
  seq: number
  run: () => void
}

/** What a step did to tasks, for the service scheduler to react to once the step has run. */
export interface TaskChange {
  tasks: TaskRecord[]
  /** The tasks failed as the scenario says: their deployments count them before their services react. */
  failed: boolean
}

/** Everything the ECS model knows, in one object: every operation and simulation function takes it first. */
export interface EcsState {
  readonly account: Account
  readonly options: EcsModelOptions
  scenario: EcsScenario
  /** The scripted outcomes of RunTask (see run-task-scenario.ts), set with the rest of the scenario. */
  runTaskScenario: RunTaskScenario
  /** Task definition revisions by family, oldest first. */
  readonly families: Map<string, TaskDefinitionRecord[]>
  readonly clusters: Map<string, ClusterRecord>
  /** Key: `cluster/service`. */
  readonly services: Map<string, ServiceRecord>
  /** Key: task id. */
  readonly tasks: Map<string, TaskRecord>
  /** Container log lines, keyed by `${logGroup}\n${logStream}`. */
  readonly logs: Map<string, { timestamp: number; message: string }[]>
  /** What the registry said about an image URI (undefined: it cannot tell). */
  readonly imageExists: Map<string, boolean | undefined>
  /** Steps still to run, in time order (ties in the order they were scheduled). */
  queue: ScheduledStep[]
  seq: number
  /** The simulated now, in real epoch milliseconds. */
  time: number
  /** Task changes of the step being run, not yet seen by the service scheduler. */
  taskChanges: TaskChange[]
  /** CodeDeploy's applications, deployment groups and deployments (emulator/codedeploy/). */
  readonly codeDeploy: CodeDeployState
}

export function createState(options: EcsModelOptions): EcsState {
  if (!(options.speed > 0))
    throw new Error(`EcsModelOptions.speed must be > 0 (ECS seconds per real second), got ${options.speed}.`)
  return {
    account: { region: options.region, accountId: options.accountId },
    options,
    scenario: { ...defaultScenario },
    runTaskScenario: defaultRunTaskScenario(),
    families: new Map(),
    clusters: new Map(),
    services: new Map(),
    tasks: new Map(),
    logs: new Map(),
    imageExists: new Map(),
    queue: [],
    seq: 0,
    time: options.now(),
    taskChanges: [],
    codeDeploy: createCodeDeployState()
  }
}
