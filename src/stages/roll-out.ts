// Roll out: every service updated (in parallel or in order) and followed; a failed one rolled back as the inputs say.
import type { Clock } from '../clock.js'
import type { RegisteredTaskDefinition } from '../deploy/index.js'
import { rolloutFailure, type RunRecord, type StageRunner } from '../report/record.js'
import type { Settings } from '../settings/index.js'
import {
  firstFailure,
  releaseFailure,
  rollOut,
  type RollOutOptions,
  type ServiceRun
} from '../services/release.js'

/** Rolls every service out and records the first service's (or the failed one's) rollout; throws on a failure. */
export async function rollOutServices(
  runs: ServiceRun[],
  registered: RegisteredTaskDefinition[],
  settings: Settings,
  stage: StageRunner,
  clock: Clock,
  record: RunRecord
): Promise<void> {
  const first = runs[0]!
  try {
    await rollOut(runs, registered, rollOutOptions(settings), stage, clock)
  } finally {
    record.started = first.record.started
    record.rollout = (firstFailure(runs) ?? first).record.rollout
  }
  const failed = firstFailure(runs)
  if (failed) throw runs.length > 1 ? releaseFailure(failed, runs) : rolloutFailure(failed.record.rollout!)
}

function rollOutOptions(settings: Settings): RollOutOptions {
  return {
    order: settings.servicesOrder,
    follow: settings.waitForServiceStability,
    rollbackOnFailure: settings.rollbackOnFailure,
    scope: settings.rollbackScope
  }
}
