// The cancellation wiring of a run: the runner's signals, the stages that no longer start, the cleanups at SIGTERM,
// and, once the run stops, on-cancel's answer for every service and the error the run fails with.
import {
  cancellableClock,
  isCancelled,
  watchForCancellation,
  type Cancellation,
  type Signals
} from '../cancel.js'
import { cancelledCause, doneBeforeCancel, settleCancellation } from '../deploy/on-cancel.js'
import { DeployFailed } from '../report/failure.js'
import { stageRunner, type RunRecord, type StageRunner } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import type { ServiceRun } from '../services/release.js'

/** What run() gets from the wiring: deps whose clock stops at a cancellation, stages that do not start after it. */
export interface RunCancellation {
  deps: ActionDeps
  stage: StageRunner
  /** What must not be left behind (temporary credentials, clients), run once: at the end, or at SIGTERM. */
  cleanups: (() => void)[]
  /** At the end of the run: the error it fails with (on-cancel's when cancelled); the handlers removed, cleaned up. */
  settle(record: RunRecord, runs: ServiceRun[], error: unknown): Promise<unknown>
}

export function wireCancellation(given: ActionDeps, record: RunRecord): RunCancellation {
  const { logger } = given
  const cleanups: (() => void)[] = []
  // Each cleanup once: at the end, or at SIGTERM when the run has not ended by then (the kill follows in 2.5 s).
  const runCleanups = () => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup()
  }
  const cancellation = watchForCancellation(given.signals ?? noSignals, given.clock, {
    onCancel: signal => announceCancel(signal, given),
    onSigterm: () => {
      logger.info('SIGTERM: removing temporary credentials now; the runner ends the step in 2.5 s.')
      runCleanups()
    }
  })
  // Every wait of the run (rollout, one-off task, retries) ends at once when the run is cancelled.
  const deps: ActionDeps = { ...given, clock: cancellableClock(given.clock, cancellation) }
  const running: { stage?: string } = {}
  const stage = cancellableStages(stageRunner(record, deps), cancellation, running)
  return {
    deps,
    stage,
    cleanups,
    async settle(record, runs, error) {
      // A cancelled run fails as cancelled, whatever the stage it stopped threw (a killed podman, a stopped sleep).
      if (cancellation.requested)
        error = await cancelled(cancellation, record, running.stage, runs, error, deps)
      cancellation.dispose()
      runCleanups()
      return error
    }
  }
}

const noSignals: Signals = { on: () => () => undefined }

/** The first signal: say so, and stop the processes the run started (podman, maven) rather than wait for them. */
function announceCancel(signal: string, deps: ActionDeps): void {
  deps.logger.warning(
    `The workflow run was cancelled (${signal}): stopping what runs now; on-cancel decides about the deployment.`,
    { title: 'Run cancelled' }
  )
  const stopped = deps.runner.stopRunning?.() ?? []
  for (const name of stopped) deps.logger.info(`Stopped ${name} (SIGTERM)`)
}

/** Stages that do not start once the run is cancelled; `running` names the one under way. */
function cancellableStages(
  inner: StageRunner,
  cancellation: Cancellation,
  running: { stage?: string }
): StageRunner {
  return async (name, fn, note) => {
    cancellation.throwIfCancelled()
    running.stage = name
    return inner(name, fn, note)
  }
}

/** After a cancellation: on-cancel's answer for every service, logged and recorded; the error the run fails with. */
async function cancelled(
  cancellation: Cancellation,
  record: RunRecord,
  stage: string | undefined,
  runs: ServiceRun[],
  error: unknown,
  deps: ActionDeps
): Promise<DeployFailed> {
  const settings = record.settings
  const image = record.image
  const several = runs.length > 1
  const targets =
    runs.length > 0
      ? runs.map(({ path, record: s }) => ({
          path,
          ...(several ? { name: s.name } : {}),
          cluster: s.cluster,
          service: s.service,
          started: s.started,
          rolloutEnded: s.rollout !== undefined,
          previousTaskDefinitionArn: s.previousArn
        }))
      : [{ cluster: settings?.cluster ?? '', service: settings?.service ?? '', rolloutEnded: false }]
  const report = (record.cancellation = await settleCancellation(
    {
      signal: cancellation.requested?.signal ?? 'SIGINT',
      stage,
      onCancel: settings?.onCancel ?? 'leave',
      targets,
      done: doneBeforeCancel({
        imageUri: image?.uri,
        pushed: image && !image.reused,
        registeredArn: record.registered?.arn,
        oneOffTaskArn: record.runTask?.taskArn
      }),
      alsoDone: isCancelled(error) ? error.done : []
    },
    deps.logger
  ))
  const notes =
    error !== undefined && !isCancelled(error)
      ? [`Stopped with: ${(error as Error).message ?? String(error)}`]
      : []
  return new DeployFailed(cancelledCause(report), 'Run cancelled', [...report.lines.slice(1), ...notes])
}
