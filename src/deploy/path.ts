// Which way a service is deployed: chosen from its deployment controller and strategy, before anything changes.
import type { Service } from '@aws-sdk/client-ecs'
import type { RolloutResult } from '../rollout/types.js'
import { CODEDEPLOY_LABEL } from './codedeploy-names.js'

export type DeploymentPathName = 'ecs-rolling' | 'ecs-staged' | 'codedeploy'

/** The path for this service, or why the action cannot deploy it (yet). */
export type PathChoice = { path: DeploymentPathName; label: string } | { unsupported: string }

const CONTROLLER_NOTES: Record<string, string> = {
  EXTERNAL: 'its deployments are task sets managed outside ECS'
}

/** The ECS strategies followed through the Service Deployments API, with their names in the log. */
const STAGED_LABELS: Record<string, string> = {
  BLUE_GREEN: 'ECS blue/green deployment',
  LINEAR: 'ECS linear deployment',
  CANARY: 'ECS canary deployment'
}

export function chooseDeploymentPath(service: Service): PathChoice {
  const name = service.serviceName ?? 'the service'
  const controller = service.deploymentController?.type ?? 'ECS'
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING'
  // CodeDeploy drives the task sets: a CodeDeploy deployment of an AppSpec, never UpdateService.
  if (controller === 'CODE_DEPLOY') return { path: 'codedeploy', label: CODEDEPLOY_LABEL }
  if (controller !== 'ECS')
    return {
      unsupported:
        `The service "${name}" uses the ${controller} deployment controller (${CONTROLLER_NOTES[controller] ?? 'not the ECS controller'}), ` +
        'which release-to-ecs does not support yet: it deploys services with the ECS controller (ROLLING, BLUE_GREEN, LINEAR or CANARY). ' +
        'Nothing was changed. Deploy this service another way for now, or point service at one that uses rolling updates.'
    }
  const staged = STAGED_LABELS[strategy]
  if (staged) return { path: 'ecs-staged', label: staged }
  if (strategy !== 'ROLLING')
    return {
      unsupported:
        `The service "${name}" uses the ${strategy} deployment strategy, which release-to-ecs does not know: ` +
        'it deploys services with the ECS controller and the ROLLING, BLUE_GREEN, LINEAR or CANARY strategy. ' +
        'Nothing was changed. Deploy this service another way, or point service at one with a known strategy.'
    }
  return { path: 'ecs-rolling', label: 'ECS rolling update' }
}

/** The task definition this run deploys. */
export interface RegisteredTaskDefinition {
  arn: string
  revision?: number
  /** False when the service already ran an identical revision, which is deployed again. */
  isNew: boolean
}

export interface StartedDeployment {
  id: string
  /** The ECS service deployment this run started (DescribeServices' currentServiceDeployment), where there is one. */
  serviceDeploymentArn?: string
  /** The CodeDeploy deployment this run created (d-...), on a CODE_DEPLOY service. */
  codedeployDeploymentId?: string
  /** The service already serves this task definition (a re-run after success): nothing to follow. */
  alreadyServing: boolean
}

/** One way of deploying a service; the pipeline calls these in order. */
export interface DeploymentPath {
  readonly label: string
  /** Before the first change: waits for another deployment in progress (on-busy wait) or refuses (fail). */
  waitForIdle(): Promise<void>
  /** Starts this run's deployment, or picks up the one an earlier attempt of this run started. */
  start(registered: RegisteredTaskDefinition): Promise<StartedDeployment>
  /** Follows the deployment until it completes, fails or runs out of time. */
  follow(started: StartedDeployment, registered: RegisteredTaskDefinition): Promise<RolloutResult>
  /** After a failed rollout: puts the service back where it was, when that is still this run's to do. */
  rollBack(
    failed: RolloutResult,
    started: StartedDeployment,
    registered: RegisteredTaskDefinition
  ): Promise<RolloutResult>
  /**
   * on-cancel rollback: asks ECS (StopServiceDeployment ROLLBACK) or CodeDeploy (StopDeployment with auto rollback)
   * to roll this run's deployment back, at once: the runner kills the step about 10 s after it cancels it. Returns
   * one line for the log and the job summary saying what was asked. Undefined on a path that cannot.
   */
  cancel?(started: StartedDeployment): Promise<string>
  /**
   * rollback-scope all: puts back a service whose own deployment of this run completed, because another service of
   * the release failed, and follows the way back. Undefined on a path whose rollBack already does this.
   */
  revert?(
    completed: RolloutResult,
    started: StartedDeployment,
    registered: RegisteredTaskDefinition
  ): Promise<RolloutResult>
}

/** The service's controller or strategy is one this action cannot deploy yet; found before any change. */
export class DeploymentNotSupported extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DeploymentNotSupported'
  }
}
