// Run task: the one-off task (migrations, run-task-command) on the registered task definition, before any update.
import type { Connection } from '../aws/connect.js'
import type { RegisteredTaskDefinition } from '../deploy/index.js'
import type { PlanInputs, ReleasePlan } from '../plan.js'
import type { RunRecord, StageRunner } from '../report/record.js'
import type { ActionDeps } from '../runtime.js'
import { runTaskBeforeUpdate, runTaskFailure } from '../run-task/stage.js'
import type { Settings } from '../settings/index.js'
import type { ServiceRun } from '../services/release.js'

/**
 * The one-off task (migrations) gates the update: a task that fails leaves every service as it was. It runs the
 * first service's task definition (or its own) on the first service's network. Nothing to do without run-task-command.
 */
export async function runTaskStage(
  given: {
    settings: Settings
    inputs: PlanInputs
    runs: ServiceRun[]
    planned: ReleasePlan['taskDefinition'][]
    registered: RegisteredTaskDefinition[]
    imageUri: string
  },
  aws: Connection,
  deps: ActionDeps,
  stage: StageRunner,
  record: RunRecord
): Promise<void> {
  const { settings, inputs, runs, planned, registered, imageUri } = given
  const runTask = settings.runTask
  const first = runs[0]!
  if (!runTask || !record.release) return
  const release = record.release
  const task = { arn: registered[0]!.arn, rendered: planned[0]!.rendered, imageUri, release }
  const oneOff = (record.runTask = await stage('Run task', () =>
    runOneOffTask(settings, runTask, first.plan.target!, inputs, task, { ...aws.apis, ...deps })
  ))
  if (!oneOff.verdict.ok) throw runTaskFailure(oneOff)
}

/** The one-off task (run-task-command) on the registered task definition, followed to its end. */
function runOneOffTask(
  settings: Settings,
  runTask: NonNullable<Settings['runTask']>,
  target: NonNullable<ReleasePlan['target']>,
  inputs: PlanInputs,
  task: {
    arn: string
    rendered: ReleasePlan['taskDefinition']['rendered']
    imageUri: string
    release: NonNullable<RunRecord['release']>
  },
  deps: Parameters<typeof runTaskBeforeUpdate>[1]
): ReturnType<typeof runTaskBeforeUpdate> {
  const { arn, rendered, imageUri, release } = task
  return runTaskBeforeUpdate(
    {
      settings: runTask,
      cluster: settings.cluster,
      service: target.service,
      own: inputs.runTaskDefinition,
      ownImageContainer: runTask.container,
      release,
      imageUri,
      registered: { arn, rendered }
    },
    deps
  )
}
