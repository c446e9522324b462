// What the inputs become: typed settings, the run's modes, and the error that lists every bad input.
import type { RunTaskSettings } from '../run-task/request.js'

export type { RunTaskSettings }
import type { ContainerImage, TaskDefinitionOverrides } from '../taskdef/overrides.js'
import type { ServiceEntry, ServicesOrder, RollbackScope } from './services.js'
import type { ServiceSettings, TaskDefinitionSource } from './taskdef-inputs.js'
export type { ServiceEntry, ServicesOrder, RollbackScope }
export type JavaBuildMode = 'auto' | 'gradle' | 'maven' | 'none'
export type ContainerEngine = 'docker' | 'podman'
export type ImageReference = 'tag' | 'digest'
export type OnBusy = 'wait' | 'fail'
/** What to do when the deployment waits on a pause hook (ECS) or in CodeDeploy's Ready state. */
export type OnPause = 'wait' | 'continue' | 'exit'
/** What to do with the deployment when the workflow run is cancelled. */
export type OnCancel = 'leave' | 'rollback'
/** The lifecycle stages of an ECS service deployment, as the API names them. */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRE_PRODUCTION_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP'
] as const
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number]
/** wait-until: the deployment finished (deployed), or it reached this lifecycle stage healthy. */
export type WaitUntil = { kind: 'deployed' } | { kind: 'stage'; stage: LifecycleStage }
/** codedeploy-*: what a CodeDeploy blue/green deployment uses; the names default to the console's. */
export interface CodeDeploySettings {
  /** codedeploy-appspec, resolved in the workspace; without it the AppSpec is generated from the service. */
  appSpecPath?: string
  application?: string
  deploymentGroup?: string
  /** Without it, the deployment group's own configuration. */
  deploymentConfig?: string
  description?: string
}
/** Pre-flight checks: basic needs no extra permission; full reads log groups, secrets, parameters and roles. */
export type VerifyLevel = 'basic' | 'full' | 'off'

export interface StaticCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** Where the image comes from: built by this run, an existing tag in the repository, or a full image URI. */
export type ImageChoice =
  | { kind: 'build'; ecrRepository: string }
  | { kind: 'tag'; ecrRepository: string; tag: string }
  | { kind: 'uri'; uri: string }

/** What the run does: only plan (dry run), or deploy to a service in a region. */
export type RunMode =
  { kind: 'plan'; service?: string; region?: string } | { kind: 'deploy'; service: string; region: string }

/**
 * Every input, validated. The flat fields are the inputs as given; `imageChoice` and `mode` are the run's choices
 * made from them, which the stages read.
 */
export interface Settings {
  imageChoice: ImageChoice
  mode: RunMode
  cluster: string
  /** Undefined only in a dry run. With `services`: the first entry's (as are cluster and the task definition). */
  service?: string
  /** Every service the run deploys, in the listed order: one for `service`, each entry of `services`. */
  services: ServiceEntry[]
  /** services-order: update all, then follow all together (parallel), or one after another (sequential). */
  servicesOrder: ServicesOrder
  /** rollback-scope: with rollback-on-failure, roll back every service this run updated, or only the failed. */
  rollbackScope: RollbackScope
  /** Absolute path of the task definition file; undefined when it comes from ECS (taskDefinitionSource). */
  taskDefinitionPath?: string
  taskDefinitionSource: TaskDefinitionSource
  /** The first of containerNames (the container whose image-related checks apply), when named. */
  containerName?: string
  /** Every container that gets this run's image; empty means the only container. */
  containerNames: string[]
  containerImages: ContainerImage[]
  overrides: TaskDefinitionOverrides
  /** UpdateService members to send; only the ones given. */
  serviceSettings: ServiceSettings
  ecrRepository?: string
  tagTemplate: string
  version?: string
  additionalTagTemplates: string[]
  imageReference: ImageReference
  /** An existing image to deploy instead of building (full URI). */
  image?: string
  /** An existing tag in ecrRepository to deploy instead of building. */
  imageTag?: string
  /** Absolute path of the Java project. */
  workingDirectory: string
  javaBuild: JavaBuildMode
  /** build-command split into words; undefined when not given. */
  buildCommand?: string[]
  containerEngine: ContainerEngine
  /** Absolute path of the Dockerfile; undefined means Dockerfile in the context. */
  dockerfile?: string
  /** Absolute path of the build context. */
  context: string
  buildArgs: { name: string; value: string }[]
  target?: string
  platform?: string
  forceNewDeployment: boolean
  desiredCount?: number
  onBusy: OnBusy
  waitForServiceStability: boolean
  waitForMinutes: number
  rollbackOnFailure: boolean
  maxTaskFailures: number
  waitUntil: WaitUntil
  onPause: OnPause
  onCancel: OnCancel
  /** The codedeploy-* inputs, used on a service with the CODE_DEPLOY deployment controller. */
  codedeploy: CodeDeploySettings
  /** The one-off task before the update (run-task-*); undefined without run-task-command. */
  runTask?: RunTaskSettings
  verify: VerifyLevel
  dryRun: boolean
  /** Undefined only in a dry run without any region. */
  region?: string
  credentials?: StaticCredentials
  roleToAssume?: string
  roleSessionName: string
}

/** A bad input: the message names the input, what was wrong and what to do. */
export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid input: ${problems[0]}`
        : `Invalid inputs:\n${problems.map(p => `  - ${p}`).join('\n')}`
    )
    this.name = 'SettingsError'
  }
}

/** Reads one input by its action.yml name, trimmed; '' when not set. */
export type { InputReader } from './names.js'
