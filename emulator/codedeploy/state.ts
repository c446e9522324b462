// The records the stand-in's CodeDeploy keeps. They live in the ECS model's state (EcsState.codeDeploy), so a
// CodeDeploy deployment moves the ECS service's task sets on the same simulated timeline.
import type { Json } from '../ecs/input.js'

export interface ApplicationRecord {
  name: string
  id: string
  createTime: number
  computePlatform: string
  /** Registered revisions by their AppSpec content's sha256. */
  revisions: Map<
    string,
    { revision: Json; registerTime: number; firstUsedTime?: number; lastUsedTime?: number }
  >
}

export interface DeploymentGroupRecord {
  applicationName: string
  name: string
  id: string
  serviceRoleArn: string
  clusterName: string
  serviceName: string
  deploymentConfigName: string
  autoRollback: { enabled: boolean; events: string[] }
  /** STOP_DEPLOYMENT: wait (status Ready) for ContinueDeployment before rerouting production traffic. */
  ready: { actionOnTimeout: string; waitTimeInMinutes: number }
  terminationWaitMinutes: number
  /** alarmConfiguration's alarm names, when enabled. */
  alarms: string[]
  /** Members as the caller gave them, echoed by GetDeploymentGroup. */
  raw: Json
}

export type DeploymentStatus =
  'Created' | 'Queued' | 'InProgress' | 'Baking' | 'Ready' | 'Succeeded' | 'Failed' | 'Stopped'

export interface LifecycleEventRecord {
  name: string
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'Skipped'
  startTime?: number
  endTime?: number
}

export interface AppSpec {
  taskDefinition: string
  containerName: string
  containerPort: number
  /** AppSpec hook → Lambda function. */
  hooks: Record<string, string>
}

export interface CodeDeployDeployment {
  id: string
  applicationName: string
  groupName: string
  configName: string
  description?: string
  creator: string
  revision: Json
  appSpec?: AppSpec
  status: DeploymentStatus
  errorInformation?: { code: string; message: string }
  createTime: number
  startTime?: number
  completeTime?: number
  events: LifecycleEventRecord[]
  /** The ECS task sets (deployment records) it moves between. */
  blueId?: string
  greenId?: string
  rollbackInfo?: Json
  /** ContinueDeployment READY_WAIT was called: traffic may be rerouted. */
  readyContinued?: boolean
  /** Bumped when the deployment changes course, so that steps scheduled before do nothing. */
  epoch: number
}

export interface CodeDeployState {
  applications: Map<string, ApplicationRecord>
  /** Key: `application/group`. */
  groups: Map<string, DeploymentGroupRecord>
  deployments: Map<string, CodeDeployDeployment>
}

export function createCodeDeployState(): CodeDeployState {
  return { applications: new Map(), groups: new Map(), deployments: new Map() }
}

export const lifecycleEventNames = [
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic'
]
export const hookEvents = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic'
]

/** The predefined ECS deployment configurations: production traffic steps (percent, then minutes to wait). */
export const deploymentConfigs: Record<string, { type: string; percent?: number; minutes?: number }> = {
  'CodeDeployDefault.ECSAllAtOnce': { type: 'AllAtOnce' },
  'CodeDeployDefault.ECSLinear10PercentEvery1Minutes': { type: 'TimeBasedLinear', percent: 10, minutes: 1 },
  'CodeDeployDefault.ECSLinear10PercentEvery3Minutes': { type: 'TimeBasedLinear', percent: 10, minutes: 3 },
  'CodeDeployDefault.ECSCanary10Percent5Minutes': { type: 'TimeBasedCanary', percent: 10, minutes: 5 },
  'CodeDeployDefault.ECSCanary10Percent15Minutes': { type: 'TimeBasedCanary', percent: 10, minutes: 15 }
}
