// The "Run task" stage: the one-off task (database migrations) after the task definition is registered and before
// the service is updated. It registers a task definition file of its own when given, runs and follows the task.
import type { Service } from '@aws-sdk/client-ecs'
import { randomUUID } from 'node:crypto'
import { shortArn } from '../aws/arn.js'
import type { EcsApi } from '../aws/ecs.js'
import type { ContainerLogs } from '../aws/logs.js'
import type { Clock } from '../clock.js'
import type { Logger } from '../log.js'
import type { Release } from '../release.js'
import { DeployFailed } from '../report/failure.js'
import {
  renderTaskDefinition,
  type LoadedTaskDefinition,
  type TaskDefinitionDocument
} from '../taskdef/index.js'
import { oneOffFailureText, runOneOffTask, type OneOffResult } from './follow.js'
import { logStreamOf } from './logs.js'
import { planRunTask } from './plan.js'
import { startedByFor, type RunTaskSettings } from './request.js'

export interface RunTaskStageInput {
  settings: RunTaskSettings
  cluster: string
  service?: Service
  release: Pick<Release, 'ref' | 'shortSha'>
  imageUri: string
  /** The service's task definition as registered by this run. */
  registered: { arn: string; rendered: TaskDefinitionDocument }
  /** run-task-task-definition, loaded; rendered here with the same image and registered. */
  own?: LoadedTaskDefinition
  /** The container that gets the image in `own` (run-task-container, else container-name). */
  ownImageContainer?: string
}

export interface RunTaskStageDeps {
  ecs: EcsApi
  logs: ContainerLogs
  clock: Clock
  logger: Logger
}

export async function runTaskBeforeUpdate(
  input: RunTaskStageInput,
  deps: RunTaskStageDeps
): Promise<OneOffResult> {
  const { logger, ecs } = deps
  let rendered = input.registered.rendered
  let arn = input.registered.arn
  if (input.own) {
    rendered = renderTaskDefinition(input.own.definition, {
      containerName: input.ownImageContainer,
      image: input.imageUri
    })
    const td = await ecs.registerTaskDefinition({
      ...rendered,
      ...(input.own.tags.length > 0 ? { tags: input.own.tags } : {})
    })
    arn = td.taskDefinitionArn ?? arn
    logger.info(`Registered ${shortArn(arn)} for the task`)
  }
  const planned = planRunTask({
    settings: input.settings,
    rendered,
    ownTaskDefinition: input.own !== undefined,
    imageUri: input.imageUri,
    cluster: input.cluster,
    service: input.service,
    startedBy: startedByFor(input.release.ref, input.release.shortSha),
    taskDefinitionArn: arn,
    clientToken: randomUUID()
  })
  logger.info(
    `Running ${input.settings.command.join(' ')} on container ${planned.container} of ${shortArn(arn)} (startedBy ${planned.request.startedBy})`
  )
  return runOneOffTask(
    {
      request: planned.request,
      cluster: input.cluster,
      container: planned.container,
      essential: planned.essential,
      timeoutMinutes: planned.timeoutMinutes,
      logStreamFor: taskId => logStreamOf(rendered, planned.container, taskId)
    },
    deps
  )
}

/** A one-off task that did not pass the gate, as the error that fails the run. */
export function runTaskFailure(result: OneOffResult): DeployFailed {
  const { cause, details } = oneOffFailureText(result)
  return new DeployFailed(
    [cause, ...details].join('\n'),
    result.timedOut ? 'Run task timed out' : 'Run task failed',
    []
  )
}
