// How often to look at a CodeDeploy deployment, and when a look also reads its deployment target. Pure.
import type { DeploymentInfo } from '@aws-sdk/client-codedeploy'

/** Every second at first (a bad AppSpec or image fails within seconds)... */
export const CODEDEPLOY_FAST_PHASE_MS = 20_000
export const CODEDEPLOY_FAST_MS = 1_000
/** ...then every 2 s: a hook's result or an alarm at an unknown moment is seen within 2 s. */
export const CODEDEPLOY_STEADY_MS = 2_000
/**
 * Baking lasts the group's termination wait, whose end is known (reckoned from the look before the first that saw
 * Baking, so CodeDeploy ends it then or later): a look every second from that end until 10 s after it (terminating
 * the original task set takes CodeDeploy a moment), so Succeeded is seen within a second.
 */
export const CODEDEPLOY_NEAR_MS = 1_000
export const CODEDEPLOY_PAST_END_MS = 10_000
/** GetDeploymentTarget (lifecycle events, task sets) when the deployment's info changes, else at most this often... */
export const TARGET_EVERY_MS = 10_000
/** ...and in a status that lasts (Baking, Ready, Created, Queued), where the lifecycle events stand still. */
export const TARGET_WAITING_EVERY_MS = 30_000
const LASTING = ['Baking', 'Ready', 'Created', 'Queued']
/** DescribeServices (the service's events) when the status changes, else at most this often. */
export const CODEDEPLOY_EVENTS_EVERY_MS = 15_000

export interface CodeDeployCadenceInput {
  /** Since the watch began. */
  elapsedMs: number
  now: number
  status: string
  /** When the bake (Baking) began, at the earliest; undefined when not baking. */
  bakeStartedAt?: number
  terminationWaitMinutes: number
}

/** Milliseconds to the next GetDeployment. */
export function nextCodeDeployLook(input: CodeDeployCadenceInput): number {
  const { now } = input
  if (input.elapsedMs < CODEDEPLOY_FAST_PHASE_MS) return CODEDEPLOY_FAST_MS
  if (input.status !== 'Baking' || input.bakeStartedAt === undefined) return CODEDEPLOY_STEADY_MS
  const endsAt = input.bakeStartedAt + input.terminationWaitMinutes * 60_000
  if (now > endsAt + CODEDEPLOY_PAST_END_MS) return CODEDEPLOY_STEADY_MS
  if (now >= endsAt) return CODEDEPLOY_NEAR_MS
  // The last wait before the end is shorter, so a look lands on it.
  return Math.min(CODEDEPLOY_STEADY_MS, endsAt - now)
}

/** What of GetDeployment's answer says the deployment moved: a new key reads the deployment target at once. */
export function deploymentInfoKey(info: DeploymentInfo | undefined): string {
  if (!info) return ''
  return JSON.stringify([
    info.status,
    info.deploymentOverview,
    info.errorInformation,
    info.rollbackInfo,
    info.instanceTerminationWaitTimeStarted,
    info.deploymentStatusMessages
  ])
}

/** Whether this look reads GetDeploymentTarget: when the info changed, at the end, or after a while. */
export function shouldReadTarget(input: {
  status: string
  infoChanged: boolean
  final: boolean
  msSinceTargetRead: number
}): boolean {
  const every = LASTING.includes(input.status) ? TARGET_WAITING_EVERY_MS : TARGET_EVERY_MS
  return input.infoChanged || input.final || input.msSinceTargetRead >= every
}
