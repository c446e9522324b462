// How often to look at a CodeDeploy deployment, and when a look also reads its deployment target. Pure.
import type { DeploymentInfo, ECSTarget } from '@aws-sdk/client-codedeploy'
import { waitPace } from './attention.js'

/** Every second at first (a bad AppSpec or image fails within seconds)... */
export const CODEDEPLOY_FAST_PHASE_MS = 20_000
export const CODEDEPLOY_FAST_MS = 1_000
// ...then attention follows change, as on ECS's own strategies (attention.ts): a change of the deployment or of its
// lifecycle events and task sets counts.
/**
 * Baking lasts the group's termination wait, whose end is known (reckoned from the look before the first that saw
 * Baking, so CodeDeploy ends it then or later): a look every second from that end until 10 s after it (terminating
 * the original task set takes CodeDeploy a moment), so Succeeded is seen within a second.
 */
export const CODEDEPLOY_NEAR_MS = 1_000
export const CODEDEPLOY_PAST_END_MS = 10_000
/** GetDeploymentTarget (lifecycle events, task sets) when the deployment's info changes, else at most this often... */
export const TARGET_EVERY_MS = 10_000
/** ...in a status that lasts (Baking, Ready, Created, Queued), where the lifecycle events stand still... */
export const TARGET_WAITING_EVERY_MS = 30_000
/** ...and when quiet for two minutes: a change shows in GetDeployment first, which reads the target at once. */
export const TARGET_QUIET_EVERY_MS = 60_000
const LASTING = ['Baking', 'Ready', 'Created', 'Queued']

export interface CodeDeployCadenceInput {
  /** Since the watch began. */
  elapsedMs: number
  now: number
  status: string
  /** Since the look that last saw the deployment or its target change. */
  sinceChangeMs: number
  /** When the bake (Baking) began, at the earliest; undefined when not baking. */
  bakeStartedAt?: number
  terminationWaitMinutes: number
}

/** Milliseconds to the next GetDeployment. */
export function nextCodeDeployLook(input: CodeDeployCadenceInput): number {
  const { now } = input
  if (input.elapsedMs < CODEDEPLOY_FAST_PHASE_MS) return CODEDEPLOY_FAST_MS
  const pace = waitPace(input.sinceChangeMs)
  if (input.status !== 'Baking' || input.bakeStartedAt === undefined) return pace
  const endsAt = input.bakeStartedAt + input.terminationWaitMinutes * 60_000
  if (now > endsAt + CODEDEPLOY_PAST_END_MS) return pace
  if (now >= endsAt) return CODEDEPLOY_NEAR_MS
  // The last wait before the end is shorter, so a look lands on it.
  return Math.min(pace, endsAt - now)
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

/** What of GetDeploymentTarget's answer says the deployment moved: its lifecycle events and task sets. */
export function deploymentTargetKey(target: ECSTarget | undefined): string {
  if (!target) return ''
  return JSON.stringify([
    target.status,
    target.lifecycleEvents?.map(e => [e.lifecycleEventName, e.status]),
    target.taskSetsInfo?.map(t => [t.identifer, t.status, t.trafficWeight, t.desiredCount, t.runningCount])
  ])
}

/** Whether this look reads GetDeploymentTarget: when the info changed, at the end, or after a while. */
export function shouldReadTarget(input: {
  status: string
  infoChanged: boolean
  final: boolean
  quiet: boolean
  msSinceTargetRead: number
}): boolean {
  if (input.infoChanged || input.final) return true
  let every = TARGET_EVERY_MS
  if (LASTING.includes(input.status)) every = TARGET_WAITING_EVERY_MS
  if (input.quiet) every = TARGET_QUIET_EVERY_MS
  return input.msSinceTargetRead >= every
}
