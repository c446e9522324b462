// Turning any failure into the one-line cause and the annotation title a person sees.
import type { RolloutResult } from '../rollout/index.js'

/** A failure whose cause is already explained (rollout verdicts); details go to the summary. */
export class DeployFailed extends Error {
  constructor(
    message: string,
    readonly title: string,
    readonly details: string[] = []
  ) {
    super(message)
    this.name = 'DeployFailed'
  }
}

export function rolloutTitle(result: RolloutResult): string {
  switch (result.outcome) {
    case 'TIMED_OUT':
      return 'Rollout timed out'
    case 'ROLLED_BACK':
      return 'Rollout failed and was rolled back'
    case 'ROLLING_BACK':
      return 'Rollout failed; ECS is rolling back'
    case 'REPLACED':
      return 'Deployment replaced'
    case 'SERVICE_INACTIVE':
      return 'Service not active'
    case 'STOPPED':
      return 'Deployment stopped'
    default:
      return 'Rollout failed'
  }
}

const TITLES: Record<string, string> = {
  SettingsError: 'Invalid input',
  ReleaseError: 'Invalid tag',
  TaskDefinitionError: 'Invalid task definition',
  JavaBuildError: 'Java build failed',
  ImageError: 'Image build or push failed',
  CredentialsError: 'AWS credentials',
  EcrError: 'ECR',
  EcsError: 'ECS',
  DeploymentNotSupported: 'Deployment not supported',
  CodeDeployError: 'CodeDeploy',
  AwsCallError: 'AWS call failed',
  EventFileError: 'Invalid event file',
  VerifyError: 'Pre-flight check failed'
}

export function describeFailure(error: unknown): { message: string; title: string; details: string[] } {
  if (error instanceof DeployFailed)
    return { message: error.message, title: error.title, details: error.details }
  if (error instanceof Error)
    return { message: error.message, title: TITLES[error.name] ?? 'Deploy failed', details: [] }
  return { message: `Unexpected failure: ${String(error)}`, title: 'Deploy failed', details: [] }
}
