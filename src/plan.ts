// Everything a run will do, decided up front from what it read, and pure: the dry run prints this plan and
// the real run executes it, so the two cannot drift.
import type { Deployment } from '@aws-sdk/client-ecs'
import { PLACEHOLDER_ACCOUNT } from './aws/connect.js'
import type { ImageInfo } from './aws/ecr-uri.js'
import { imageRequest, type ImagePlan } from './image/push.js'
import type { JavaBuildPlan } from './java/build.js'
import { imageUriFor, type ImageSource } from './image/source.js'
// The deciding half of the deployment seam only: the paths themselves are loaded by a run that deploys.
import type { DeploymentRequest } from './deploy/index.js'
import { busyDeployments, isOwnAttempt, ownDeployment } from './deploy/facts.js'
import { chooseDeploymentPath, DeploymentNotSupported, type DeploymentPathName } from './deploy/path.js'
import { stagedDoneMeaning, waitUntilProblem } from './deploy/staged-plan.js'
import type { ServiceTarget } from './deploy/inspect.js'
import type { AppSpecFile } from './deploy/appspec.js'
import type { CodeDeployRequest } from './deploy/codedeploy.js'
import type { CodeDeployTarget } from './deploy/codedeploy-inspect.js'
import { codeDeployAccess, planCodeDeployFor } from './deploy/codedeploy-plan.js'
import type { Release } from './release.js'
import { iamPolicyFor } from './iam/policy-input.js'
import { planRunTask, type PlannedRunTask } from './run-task/plan.js'
import { startedByFor } from './run-task/request.js'
import { targetGroupArns } from './rollout/drain.js'
import { SettingsError, type ServiceEntry, type Settings } from './settings/index.js'
import { diffTaskDefinitions, taskDefinitionsEqual } from './taskdef/diff.js'
import {
  renderImage,
  renderTaskDefinition,
  type LoadedTaskDefinition,
  type TaskDefinitionDocument
} from './taskdef/index.js'

export interface PlanInputs {
  settings: Settings
  /** The task definition loaded and with container-images and the overrides applied. */
  taskDefinition: LoadedTaskDefinition
  /** What container-images and the overrides changed in it, one line each. */
  taskDefinitionChanges?: string[]
  /** Where it came from, in the user's words (a file, or ECS and which revision). */
  taskDefinitionOrigin?: string
  javaBuild?: JavaBuildPlan
  source: ImageSource
  /** What ECR already holds under the image's tag or digest. */
  existing?: ImageInfo
  /** The service as read before anything changed; undefined without a service or credentials (a dry run). */
  target?: ServiceTarget
  region: string
  account?: string
  /** The image's OCI labels (source, revision, version, created). */
  labels: Record<string, string>
  /** The release's ref and commit: startedBy of the one-off task names them. */
  release?: Pick<Release, 'ref' | 'shortSha'>
  /** run-task-task-definition, loaded; undefined: the one-off task runs the service's task definition. */
  runTaskDefinition?: LoadedTaskDefinition
  /** A CODE_DEPLOY service's application, deployment group and configuration, read before any change. */
  codedeploy?: CodeDeployTarget
  /** codedeploy-appspec, loaded. */
  appSpec?: AppSpecFile
  /**
   * Every service of the release (input `services`), the first being the one the fields above describe; undefined:
   * the one service of those fields.
   */
  services?: ServiceInputs[]
}

/** One service of the release as read before anything changed, with the settings as they apply to it. */
export interface ServiceInputs {
  entry?: ServiceEntry
  /** The settings with this service's cluster, service, task definition source and containers. */
  settings: Settings
  taskDefinition: LoadedTaskDefinition
  taskDefinitionChanges?: string[]
  taskDefinitionOrigin?: string
  target?: ServiceTarget
  /** Its CodeDeploy application, deployment group and configuration, on a CODE_DEPLOY service. */
  codedeploy?: CodeDeployTarget
  appSpec?: AppSpecFile
}

/** What the release does to one service: its task definition rendered for the image, its deployment. */
export interface ServicePlan {
  /** Undefined only in a dry run without a service. */
  entry?: ServiceEntry
  settings: Settings
  /** As loaded, for rendering again once the pushed digest is known. */
  loaded: LoadedTaskDefinition
  loadedChanges: string[]
  taskDefinition: PlannedTaskDefinition
  target?: ServiceTarget
  deployment?: PlannedDeployment
}

/** The task definition rendered for one image, and how it compares with what the service runs. */
export interface PlannedTaskDefinition {
  family: string
  imageUri: string
  rendered: TaskDefinitionDocument
  tags: LoadedTaskDefinition['tags']
  changes: string[]
  /** The service already runs exactly this task definition: no new revision is registered. */
  sameAsCurrent: boolean
  /** Where the task definition came from, in the user's words. */
  origin?: string
}

export interface PlannedDeployment {
  path: DeploymentPathName
  label: string
  request: DeploymentRequest
  /** What "done" will mean on this path, for the plan (e.g. "done: the service deployment is SUCCESSFUL, ..."). */
  done?: string
  /** Other deployments rolling out now, which the run waits for (on-busy wait) or refuses (fail). */
  busy: Deployment[]
  /** The CodeDeploy deployment to create, on the codedeploy path. */
  codedeploy?: CodeDeployRequest
  /** What the dry run says about the path: what it does and what "done" means. */
  notes?: string[]
}

export interface ReleasePlan extends ImagePlan {
  taskDefinition: PlannedTaskDefinition
  iamPolicy: string
  target?: ServiceTarget
  deployment?: PlannedDeployment
  /** The one-off task before the update (run-task-command); its request names the family until registered. */
  runTask?: PlannedRunTask
  /** Every service, in the listed order; the first is the one taskDefinition, target and deployment describe. */
  services: ServicePlan[]
}

export function planRelease(input: PlanInputs): ReleasePlan {
  const { settings, source, existing, target } = input
  const imageUri = imageUriFor(source, existing?.digest, settings)
  const serviceInputs: ServiceInputs[] = input.services ?? [
    {
      entry: settings.services[0],
      settings,
      taskDefinition: input.taskDefinition,
      taskDefinitionChanges: input.taskDefinitionChanges,
      taskDefinitionOrigin: input.taskDefinitionOrigin,
      target,
      codedeploy: input.codedeploy,
      appSpec: input.appSpec
    }
  ]
  // Before anything is pushed or registered: a service this action cannot deploy yet is refused here.
  const services = serviceInputs.map(s => planService(s, imageUri, serviceInputs.length > 1))
  const [first] = services
  if (!first) throw new Error('planRelease: no service to plan') // readSettings gives one at least
  const { taskDefinition, deployment } = first
  const staged = deployment?.path === 'ecs-staged'
  const codedeploy = deployment?.codedeploy
  const building = source.kind === 'build'
  const service = settings.mode.service
  // The rolling services' service deployments are read and stopped; a CODE_DEPLOY first service has none.
  const rollingTarget = services.find(s => s.deployment?.path === 'ecs-rolling')?.target ?? target
  const runTask =
    settings.runTask &&
    planRunTask({
      settings: settings.runTask,
      rendered: input.runTaskDefinition
        ? renderTaskDefinition(input.runTaskDefinition.definition, {
            containerName: settings.runTask.container,
            image: imageUri
          })
        : taskDefinition.rendered,
      ownTaskDefinition: input.runTaskDefinition !== undefined,
      imageUri,
      cluster: settings.cluster,
      service: target?.service,
      startedBy: startedByFor(input.release?.ref ?? 'release', input.release?.shortSha ?? '')
    })
  return {
    source,
    existing,
    imageStep: existing ? 'reuse' : building ? 'build' : 'unverified',
    javaBuild: input.javaBuild,
    engineRequest: source.kind === 'build' ? imageRequest(settings, source, input.labels) : undefined,
    taskDefinition,
    iamPolicy: iamPolicyFor({
      region: input.region,
      accountId: input.account ?? PLACEHOLDER_ACCOUNT,
      repository: source.repository
        ? { name: source.repository, registryId: source.registryId, region: source.region }
        : undefined,
      pushImage: building,
      // A repository given by name is found through ECR's login, also when nothing is pushed.
      registryLogin: building || source.registryFromLogin === true,
      cluster: settings.cluster,
      service: service ?? 'SERVICE',
      taskDefinition: input.taskDefinition.definition,
      tags: input.taskDefinition.tags,
      rollback: settings.rollbackOnFailure,
      describeTasks: settings.waitForServiceStability,
      // A service whose deployments predate the Service Deployments API has none to read or stop.
      serviceDeployments: rollingTarget ? !!rollingTarget.service.currentServiceDeployment : true,
      rollbackOnCancel: settings.onCancel === 'rollback',
      // The rolling watch reads the drain; a service deployment or CodeDeploy says itself when it is done.
      readTargetGroups:
        !codedeploy &&
        !staged &&
        settings.waitForServiceStability &&
        targetGroupArns(target?.service).length > 0,
      ...(codedeploy ? { codedeploy: codeDeployAccess(codedeploy, settings) } : {}),
      runTask: runTask && {
        family: runTask.family,
        taskDefinition: input.runTaskDefinition?.definition,
        tags: input.runTaskDefinition?.tags,
        container: runTask.container
      },
      verify: settings.verify,
      ...(staged
        ? {
            stagedDeployment: {
              stop: settings.rollbackOnFailure || settings.onCancel === 'rollback',
              continue: settings.onPause === 'continue'
            }
          }
        : {}),
      otherServices: services.slice(1).map(s => ({
        cluster: s.settings.cluster,
        service: s.entry?.service ?? 'SERVICE',
        taskDefinition: s.loaded.definition,
        tags: s.loaded.tags,
        readTargetGroups:
          s.deployment?.path === 'ecs-rolling' &&
          settings.waitForServiceStability &&
          targetGroupArns(s.target?.service).length > 0,
        ...(s.deployment?.codedeploy
          ? { codedeploy: codeDeployAccess(s.deployment.codedeploy, settings) }
          : {}),
        ...(s.deployment?.path === 'ecs-staged'
          ? {
              stagedDeployment: {
                stop: settings.rollbackOnFailure || settings.onCancel === 'rollback',
                continue: settings.onPause === 'continue'
              }
            }
          : {})
      }))
    }),
    target: first.target,
    deployment,
    runTask,
    services
  }
}

/** One service's part of the release: its task definition for this image, and how it is deployed. */
function planService(input: ServiceInputs, imageUri: string, several: boolean): ServicePlan {
  const { settings, target } = input
  const choice = target ? chooseDeploymentPath(target.service) : undefined
  if (choice && 'unsupported' in choice)
    throw new DeploymentNotSupported(
      several && input.entry ? `${input.entry.input}: ${choice.unsupported}` : choice.unsupported
    )
  const taskDefinition = {
    ...planTaskDefinition(input.taskDefinition, settings, imageUri, target, input.taskDefinitionChanges),
    origin: input.taskDefinitionOrigin
  }
  // wait-until against the strategy, before any change too.
  const strategy = target?.service.deploymentConfiguration?.strategy ?? 'ROLLING'
  const untilProblem = choice && waitUntilProblem(choice.path, strategy, settings.waitUntil)
  if (untilProblem)
    throw new SettingsError([several && input.entry ? `${input.entry.input}: ${untilProblem}` : untilProblem])
  const service = settings.mode.service
  let deployment: PlannedDeployment | undefined
  if (choice && target && service) {
    // An earlier attempt of this run is followed, not waited for, only when this run would not start another.
    const follows =
      taskDefinition.sameAsCurrent && !settings.forceNewDeployment && settings.desiredCount === undefined
    const own = follows ? ownDeployment(target.service, isOwnAttempt(target.current, imageUri)) : undefined
    const request: DeploymentRequest = {
      cluster: settings.cluster,
      service,
      described: target.service,
      ownDeploymentId: own?.id,
      forceNewDeployment: settings.forceNewDeployment,
      desiredCount: settings.desiredCount,
      onBusy: settings.onBusy,
      timeoutMs: settings.waitForMinutes * 60_000,
      maxTaskFailures: settings.maxTaskFailures,
      followEcsRollback: settings.rollbackOnFailure,
      serviceSettings: settings.serviceSettings,
      waitUntil: settings.waitUntil,
      onPause: settings.onPause,
      region: settings.region
    }
    const done =
      choice.path === 'ecs-staged' ? stagedDoneMeaning(target.service, settings.waitUntil) : undefined
    deployment = {
      ...choice,
      request,
      busy: busyDeployments(target.service, own?.id),
      ...(done ? { done } : {})
    }
    if (choice.path === 'codedeploy') {
      // Each CODE_DEPLOY service of `services` has its own application and group (its entry's codedeploy-* keys).
      if (!input.codedeploy) throw new DeploymentNotSupported('The CodeDeploy deployment group was not read.')
      const planned = planCodeDeployFor(several ? input.entry : undefined, {
        settings,
        service: target.service,
        serviceInput: service,
        target: input.codedeploy,
        appSpec: input.appSpec,
        rendered: taskDefinition.rendered
      })
      // CodeDeploy refuses a second deployment in the group itself; on-busy is applied then.
      deployment = { ...deployment, busy: [], codedeploy: planned.request, notes: planned.notes }
    }
  }
  return {
    entry: input.entry,
    settings,
    loaded: input.taskDefinition,
    loadedChanges: input.taskDefinitionChanges ?? [],
    taskDefinition,
    target,
    deployment
  }
}

/** The task definition for this image; the run renders again only when the pushed digest changes the image. */
export function planTaskDefinition(
  loaded: LoadedTaskDefinition,
  settings: Pick<Settings, 'containerNames'>,
  imageUri: string,
  target: ServiceTarget | undefined,
  overrideChanges: readonly string[] = []
): PlannedTaskDefinition {
  const rendered = renderImage(loaded.definition, settings.containerNames, imageUri)
  const current = target?.current
  return {
    family: loaded.family,
    imageUri,
    rendered,
    tags: loaded.tags,
    // What the inputs changed in the task definition they started from, then how it differs from what runs.
    changes: [
      ...overrideChanges.map(c => `input: ${c}`),
      ...(current ? diffTaskDefinitions(current, rendered) : [])
    ],
    sameAsCurrent: current?.taskDefinitionArn !== undefined && taskDefinitionsEqual(rendered, current)
  }
}
