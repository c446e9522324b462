// continue-deployment: a run of its own that answers an earlier run's paused service deployment and follows it.
import { connect } from '../aws/connect.js'
import { findPausedDeployment } from '../deploy/continue.js'
import { rolloutFailure, type RunRecord, type StageRunner } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import { secretInputs, type ContinueMode, type Settings } from '../settings/index.js'

/** continue-deployment: answer the pause hook of an earlier run's service deployment and follow it to the end. */
export async function continueDeployment(
  settings: Settings,
  mode: ContinueMode,
  deps: ActionDeps,
  stage: StageRunner,
  record: RunRecord,
  cleanups: (() => void)[]
): Promise<void> {
  for (const secret of secretInputs(settings)) deps.mask(secret)
  record.region = mode.region
  const aws = await stage('Connect to AWS', () => connect(settings, mode.region, deps))
  cleanups.push(aws.apis.destroy)
  record.account = aws.identity?.account
  const found = await stage('Read the service deployment', () =>
    findPausedDeployment(mode, settings, { ...aws.apis, ...deps })
  )
  record.started = found.started
  record.registered = found.registered
  const rollout = (record.rollout = await stage(
    'Rollout',
    () => found.follow(),
    r => r.outcome
  ))
  if (!rollout.ok) throw rolloutFailure(rollout)
}
