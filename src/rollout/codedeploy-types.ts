// What following a CodeDeploy deployment takes in, sees on each look, remembers between looks, and decides.
import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import type { OnPause } from '../settings/index.js'
import type { RolloutOutcome } from './types.js'

export const KNOWN_STATUSES = [
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Ready',
  'Succeeded',
  'Failed',
  'Stopped'
] as const

export interface CodeDeployWatchRequest {
  cluster: string
  service: string
  deploymentId: string
  taskDefinitionArn: string
  timeoutMs: number
  /** Fail (and, with rollback-on-failure, stop the deployment) after this many stopped replacement tasks; 0: never. */
  maxTaskFailures: number
  onPause: OnPause
  /** rollback-on-failure: follow a rollback CodeDeploy starts to its end, rather than fail at once. */
  followRollback: boolean
  /** The deployment group rolls back a failed deployment by itself (autoRollbackConfiguration DEPLOYMENT_FAILURE). */
  groupRollsBackOnFailure: boolean
  /** The group's termination wait: how long Baking lasts before the original task set goes. */
  terminationWaitMinutes: number
  /** The group's Ready wait (deploymentReadyOption STOP_DEPLOYMENT), if it has one. */
  readyWaitMinutes?: number
}

export interface CodeDeployLook {
  now: number
  info?: DeploymentInfo
  target?: ECSTarget
  /** Stopped tasks of the replacement task set so far. */
  stoppedTaskCount: number
  /** Why they stopped, in one line, when known. */
  taskExplanation?: string
}

export interface CodeDeployWatchState {
  startedAt: number
  /** The deployment being followed: ours, or CodeDeploy's rollback of it. */
  following: string
  /** Set once CodeDeploy rolls ours back: why ours failed. */
  rollback?: { of: string; failure: string }
  status?: string
  events: Record<string, string>
  taskSets: string
  failedSeenAt?: number
  readyAnnounced: boolean
  /** ContinueDeployment READY_WAIT was asked for (on-pause continue). */
  continued: boolean
}

export interface CodeDeployVerdict {
  outcome: RolloutOutcome
  ok: boolean
  cause: string
  details: string[]
  /** The deployment is still running: StopDeployment can still stop (and roll back) it. */
  active: boolean
  /** CodeDeploy's rollback deployment, when there is one. */
  rollbackDeploymentId?: string
}

export type CodeDeployStep =
  | { kind: 'wait' }
  | { kind: 'continue' }
  | { kind: 'follow-rollback'; rollbackDeploymentId: string; failure: string }
  | { kind: 'done'; verdict: CodeDeployVerdict }

export interface CodeDeployDecision {
  state: CodeDeployWatchState
  step: CodeDeployStep
  /** Progress lines for the log, in order. */
  lines: string[]
}

export function initialCodeDeployState(request: CodeDeployWatchRequest, now: number): CodeDeployWatchState {
  return {
    startedAt: now,
    following: request.deploymentId,
    events: {},
    taskSets: '',
    readyAnnounced: false,
    continued: false
  }
}
