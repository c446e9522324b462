// What a cancelled run does about its deployment (on-cancel), and the lines that say so. Deciding is pure; the one
// call (DeploymentPath.cancel) must answer within the runner's grace period.
import { shortArn } from '../aws/arn.js'
import { CANCEL_CALL_BUDGET_MS, within, type CancelSignal } from '../cancel.js'
import { describeAwsError } from '../aws/errors.js'
import type { OnCancel } from '../settings/types.js'
import type { DeploymentPath, StartedDeployment } from './path.js'

/** What the cancellation found and did, for the log, the job summary and the failure. */
export interface CancellationReport {
  signal: CancelSignal
  /** The stage running when the signal came. */
  stage?: string
  onCancel: OnCancel
  /** What happened to the deployment, in one line each. */
  lines: string[]
}

export interface CancelContext {
  cluster: string
  service: string
  onCancel: OnCancel
  /** This run's deployment, once UpdateService started it. */
  started?: StartedDeployment
  /** The rollout was followed to its end before the signal: nothing is left in flight. */
  rolloutEnded: boolean
  previousTaskDefinitionArn?: string
  /** What the run had done when it was cancelled (image pushed, task definition registered), one line each. */
  done: string[]
}

export type CancelAction =
  | { kind: 'nothing-started'; lines: string[] }
  | { kind: 'leave'; lines: string[] }
  | { kind: 'rollback'; started: StartedDeployment }

/** The decision: nothing to do, leave the deployment going (saying how to follow or stop it), or roll it back. */
export function cancelAction(context: CancelContext): CancelAction {
  const { started } = context
  if (!started || started.alreadyServing || context.rolloutEnded) {
    const what = !started
      ? 'The service was not updated, so there is nothing to roll back.'
      : started.alreadyServing
        ? 'The service already served this task definition; nothing was changed.'
        : `Deployment ${started.id} had already ended; nothing is left in flight.`
    return { kind: 'nothing-started', lines: [what, ...doneLines(context.done)] }
  }
  if (context.onCancel === 'rollback') return { kind: 'rollback', started }
  return { kind: 'leave', lines: leaveLines(context, started) }
}

function doneLines(done: string[]): string[] {
  return done.length > 0 ? [`Done before the cancellation: ${done.join('; ')}.`] : []
}

/** on-cancel leave: the deployment goes on; how to follow it and how to stop it. */
export function leaveLines(
  context: Pick<CancelContext, 'cluster' | 'service' | 'previousTaskDefinitionArn'>,
  started: StartedDeployment
): string[] {
  const { cluster, service } = context
  const arn = started.serviceDeploymentArn
  const lines = [
    `on-cancel is leave: deployment ${started.id}${arn ? ` (${arn})` : ''} goes on in ECS; this run no longer follows it.`
  ]
  if (arn) {
    lines.push(`Follow it: aws ecs describe-service-deployments --service-deployment-arns ${arn}`)
    lines.push(
      `Stop it and roll back: aws ecs stop-service-deployment --service-deployment-arn ${arn} --stop-type ROLLBACK`
    )
  } else {
    lines.push(
      `Follow it: aws ecs describe-services --cluster ${cluster} --services ${service} --query "services[0].deployments"`
    )
    if (context.previousTaskDefinitionArn)
      lines.push(
        `Roll it back: aws ecs update-service --cluster ${cluster} --service ${service} --task-definition ${context.previousTaskDefinitionArn}`
      )
  }
  return lines
}

/** on-cancel rollback: the path's cancel, answered within the grace period (SIGTERM comes 7.5 s after SIGINT). */
export async function rollBackOnCancel(path: DeploymentPath, started: StartedDeployment): Promise<string[]> {
  if (!path.cancel)
    return [
      `on-cancel is rollback, but the ${path.label} path cannot roll back; deployment ${started.id} goes on.`
    ]
  try {
    return [await within(CANCEL_CALL_BUDGET_MS, path.cancel(started), 'The rollback request')]
  } catch (e) {
    return [
      `on-cancel is rollback, but the rollback of deployment ${started.id} could not be asked for: ${describeAwsError(e)}. ` +
        'It goes on in ECS: stop it in the console or with the AWS CLI.'
    ]
  }
}

/** The one-line cause of a cancelled run. Pure. */
export function cancelledCause(report: CancellationReport): string {
  const during = report.stage ? ` during "${report.stage}"` : ''
  return `The workflow run was cancelled${during}: ${report.lines[0] ?? 'nothing was left running'}`
}

/** What the run had done before the cancellation, in the user's words. Pure. */
export function doneBeforeCancel(facts: {
  imageUri?: string
  pushed?: boolean
  registeredArn?: string
  oneOffTaskArn?: string
}): string[] {
  const done: string[] = []
  if (facts.imageUri) done.push(`${facts.pushed ? 'pushed' : 'reused'} image ${facts.imageUri}`)
  if (facts.registeredArn) done.push(`registered ${shortArn(facts.registeredArn)} (not deployed)`)
  if (facts.oneOffTaskArn) done.push(`ran one-off task ${facts.oneOffTaskArn.split('/').pop()}`)
  return done
}

/** One service of the release as the cancellation found it, with its deployment path once there is one. */
export type CancelTarget = Omit<CancelContext, 'onCancel' | 'done'> & {
  path?: DeploymentPath
  /** Put in front of each line when the release has several services. */
  name?: string
}

/**
 * Settles a cancelled run: decides with cancelAction for every service of the release, asks for the rollbacks (all
 * at once, within the grace period) when on-cancel says so, and logs each line. `alsoDone` are lines stages already
 * wrote about the cancellation (a one-off task stopped).
 */
export async function settleCancellation(
  context: {
    signal: CancelSignal
    stage?: string
    onCancel: OnCancel
    /** Every service of the release (at least one: the inputs' own, before the services are read). */
    targets: CancelTarget[]
    done: string[]
    alsoDone: string[]
  },
  logger: { info(line: string): void }
): Promise<CancellationReport> {
  const actions = context.targets.map(target => ({
    target,
    action: cancelAction({ ...target, onCancel: context.onCancel, done: context.done })
  }))
  const inFlight = actions.filter(a => a.action.kind !== 'nothing-started')
  const settle = async ({ target, action }: (typeof actions)[number]): Promise<string[]> => {
    const lines =
      action.kind !== 'rollback'
        ? action.lines
        : target.path
          ? await rollBackOnCancel(target.path, action.started)
          : leaveLines(target, action.started)
    return target.name ? lines.map(line => `${target.name}: ${line}`) : lines
  }
  // Nothing in flight anywhere: what the first service's decision says (the release had not updated any).
  const first = actions[0]?.action
  const lines =
    inFlight.length > 0
      ? (await Promise.all(inFlight.map(settle))).flat()
      : first?.kind === 'nothing-started'
        ? first.lines
        : []
  for (const line of lines) logger.info(line)
  return {
    signal: context.signal,
    stage: context.stage,
    onCancel: context.onCancel,
    lines: [...lines, ...context.alsoDone]
  }
}
