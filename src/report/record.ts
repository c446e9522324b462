// The record of a run: what each stage returned. The job summary, the outputs and the ending are made from it.
import { shortArn } from '../aws/arn.js'
import type { DeployedImage } from '../image/push.js'
import type { Clock } from '../clock.js'
import type { ServiceTarget } from '../deploy/inspect.js'
import type { CancellationReport } from '../deploy/on-cancel.js'
import type { RegisteredTaskDefinition, StartedDeployment } from '../deploy/path.js'
import type { Logger } from '../log.js'
import type { ReleasePlan } from '../plan.js'
import type { Release } from '../release.js'
import type { RolloutResult } from '../rollout/types.js'
import type { OneOffResult } from '../run-task/follow.js'
import type { Settings } from '../settings/index.js'
import { describeFailure, DeployFailed, rolloutTitle } from './failure.js'
import { formatDuration } from '../duration.js'
import type { RunReport, StageTiming } from './summary.js'

export interface RunRecord {
  settings?: Settings
  release?: Release
  region?: string
  account?: string
  /** Set once the service has been read (or there was none to read): the baseline the run changes. */
  baseline?: { family: string; target?: ServiceTarget; origin?: string }
  plan?: ReleasePlan
  /** The dry run's plan, as printed. */
  planLines?: string[]
  image?: DeployedImage
  renderedPath?: string
  changes?: string[]
  registered?: RegisteredTaskDefinition
  /** The one-off task run before the update (run-task-command). */
  runTask?: OneOffResult
  started?: StartedDeployment
  rollout?: RolloutResult
  /** The workflow run was cancelled: what on-cancel did. */
  cancellation?: CancellationReport
  stages: StageTiming[]
  /**
   * Every service of the release, in the listed order. With one service its fields repeat registered, started and
   * rollout above; with several, those describe the first service (rollout: the first that failed, if one did).
   */
  services?: ServiceRecord[]
}

/** What the run did to one service of the release. */
export interface ServiceRecord {
  name: string
  cluster: string
  service: string
  family: string
  previousArn?: string
  registered?: RegisteredTaskDefinition
  started?: StartedDeployment
  rollout?: RolloutResult
  /** Rolled back after another service failed (rollback-scope all), though its own rollout had completed. */
  rolledBackWithRelease?: boolean
  /** Rolled back with the release while its own rollout was still in progress (no longer followed). */
  stoppedMidRollout?: boolean
  /** No longer followed after another service failed (no rollback-on-failure): where it is, how to follow it. */
  leftDeploying?: string[]
  startedAt?: number
  finishedAt?: number
}

/** A service's state for the summary and the outputs: its rollout's, or how far the run got with it. */
export function serviceState(s: ServiceRecord, followed: boolean, cancelled = false): string {
  if (s.rollout) return s.rollout.outcome
  if (s.started?.alreadyServing) return 'COMPLETED'
  // The run was cancelled while it followed this service: on-cancel settled it (the log and summary say how).
  if (s.started && cancelled) return 'CANCELLED'
  if (s.started) return followed ? 'IN_PROGRESS' : 'SKIPPED'
  return 'NOT_UPDATED'
}

export type StageRunner = <T>(
  name: string,
  fn: () => Promise<T>,
  note?: (result: T) => string | undefined
) => Promise<T>

/** Runs a stage in its log group and records how long it took. */
export function stageRunner(record: RunRecord, deps: { logger: Logger; clock: Clock }): StageRunner {
  return async (name, fn, note) => {
    const started = deps.clock.now()
    const result = await deps.logger.group(name, fn)
    record.stages.push({ stage: name, ms: deps.clock.now() - started, note: note?.(result) })
    return result
  }
}

/** How a run ended: the one line it ends with, the rollout state, and for a failure what the step reports. */
export interface Ending {
  ok: boolean
  headline: string
  rolloutState?: string
  failure?: { message: string; title: string; cause: string; details: string[] }
}

/** The ending of a run from its record and the error that stopped it, if any. Pure. */
export function endingOf(record: RunRecord, error?: unknown): Ending {
  const rollout = record.rollout
  if (error !== undefined) {
    const { message, title, details } = describeFailure(error)
    const cause = message.split('\n')[0] ?? message
    return {
      ok: false,
      headline: `Failed: ${cause}`,
      // Cancelled while ECS still deployed: the rollout has no outcome of its own.
      rolloutState: rollout?.outcome ?? (record.cancellation && record.started ? 'CANCELLED' : undefined),
      failure: { message, title, cause, details: [...message.split('\n').slice(1), ...details] }
    }
  }
  if (record.settings?.mode.kind === 'plan')
    return { ok: true, headline: 'Dry run: nothing was built, pushed, registered or updated.' }
  const several = record.services && record.services.length > 1 ? record.services : undefined
  if (several) return severalEnding(several, record)
  const service = record.settings?.service
  const arn = shortArn(record.registered?.arn ?? '')
  const id = record.started?.id
  if (record.started?.alreadyServing)
    return {
      ok: true,
      rolloutState: 'COMPLETED',
      headline: `${service} already serves ${arn}: nothing to deploy.`
    }
  if (!rollout)
    return {
      ok: true,
      rolloutState: 'SKIPPED',
      headline: `Deployment ${id} started; not followed (wait-for-service-stability is false).`
    }
  // Left green on purpose before the end: on-pause exit (PAUSED), or wait-until a stage (rollout-state the stage).
  if (rollout.outcome !== 'COMPLETED')
    return {
      ok: true,
      rolloutState:
        rollout.outcome === 'STAGE_REACHED' ? (rollout.stage ?? rollout.outcome) : rollout.outcome,
      headline: rollout.cause
    }
  const total = record.stages.reduce((sum, s) => sum + s.ms, 0)
  return {
    ok: true,
    rolloutState: rollout.outcome,
    headline: `${service} serves ${arn} (deployment ${id} completed) in ${formatDuration(total)}.`
  }
}

/** How a release of several services that did not fail ended. */
function severalEnding(services: ServiceRecord[], record: RunRecord): Ending {
  const followed = record.settings?.waitForServiceStability ?? true
  const states = services.map(s => serviceState(s, followed))
  const each = services.map(s => `${s.name} (${shortArn(s.registered?.arn ?? '')})`).join(', ')
  if (services.every(s => s.started?.alreadyServing))
    return {
      ok: true,
      rolloutState: 'COMPLETED',
      headline: `${each} already serve this release: nothing to deploy.`
    }
  if (states.every(state => state === 'COMPLETED')) {
    const total = record.stages.reduce((sum, s) => sum + s.ms, 0)
    return {
      ok: true,
      rolloutState: 'COMPLETED',
      headline: `${services.length} services serve the release: ${each}, in ${formatDuration(total)}.`
    }
  }
  return {
    ok: true,
    rolloutState: 'SKIPPED',
    headline: `Deployments of ${each} started; not followed (wait-for-service-stability is false).`
  }
}

/** A rollout that did not end well, as the error that fails the run. */
export function rolloutFailure(rollout: RolloutResult): DeployFailed {
  return new DeployFailed(rollout.cause, rolloutTitle(rollout), rollout.details)
}

/** What the job summary shows, from the record and the ending. Pure. */
export function reportOf(record: RunRecord, ending: Ending): RunReport {
  const { settings, plan, image, baseline, registered, rollout } = record
  return {
    dryRun: settings?.dryRun ?? false,
    ok: ending.ok,
    headline: ending.headline,
    release: record.release,
    cluster: settings?.cluster,
    service: settings?.service,
    region: record.region,
    account: record.account,
    image: image && {
      uri: image.uri,
      tag: plan?.source.tag,
      digest: image.digest || undefined,
      sizeBytes: image.sizeBytes,
      reused: image.reused
    },
    taskDefinition: baseline && {
      family: baseline.family,
      origin: baseline.origin,
      previousArn: baseline.target?.service.taskDefinition,
      arn: registered?.arn,
      revision: registered?.revision,
      registered: registered?.isNew ?? false,
      changes: record.changes ?? [],
      renderedPath: record.renderedPath
    },
    deploymentId: record.started?.id,
    rolloutState: ending.rolloutState,
    stages: record.stages,
    events: rollout?.events ?? [],
    stoppedTasks: rollout?.stoppedTasks,
    timeline: rollout?.timeline,
    codeDeploy: rollout?.codeDeploy,
    failure: ending.failure && { cause: ending.failure.cause, details: ending.failure.details },
    cancellation: record.cancellation && {
      signal: record.cancellation.signal,
      stage: record.cancellation.stage,
      onCancel: record.cancellation.onCancel,
      lines: record.cancellation.lines
    },
    plan: record.planLines,
    iamPolicy: record.planLines ? plan?.iamPolicy : undefined,
    services:
      record.services && record.services.length > 1
        ? record.services.map(s => ({
            name: s.name,
            cluster: s.cluster,
            previousArn: s.previousArn,
            arn: s.registered?.arn,
            registered: s.registered?.isNew ?? false,
            deploymentId: s.started?.id,
            state: serviceState(s, settings?.waitForServiceStability ?? true, !!record.cancellation),
            rolledBackWithRelease: s.rolledBackWithRelease ?? false,
            stoppedMidRollout: s.stoppedMidRollout ?? false,
            ms:
              s.startedAt !== undefined && s.finishedAt !== undefined ? s.finishedAt - s.startedAt : undefined
          }))
        : undefined
  }
}
