// The one-off task decided up front: which task definition and container, and the RunTask request. Pure.
import type { RunTaskCommandInput, Service } from '@aws-sdk/client-ecs'
import { asRecord, isObject, type AnyTaskDefinition } from '../taskdef/types.js'
import { runTaskRequest, type RunTaskSettings } from './request.js'

export interface PlannedRunTask {
  container: string
  /** Essential containers of the task definition it runs: every one must exit 0. */
  essential: string[]
  /** The task definition it runs: the one registered for the service, or a file of its own. */
  ownTaskDefinition: boolean
  /** The family it runs; the request names it until the run registers the revision and puts its ARN in. */
  family: string
  request: RunTaskCommandInput
  timeoutMinutes: number
}

function containerDefinitions(td: AnyTaskDefinition): Record<string, unknown>[] {
  const defs = asRecord(td).containerDefinitions
  return Array.isArray(defs) ? defs.filter(isObject) : []
}

/** The container that gets the image: the one whose image is `imageUri`, else the only one. */
export function imageContainerOf(td: AnyTaskDefinition, imageUri: string): string | undefined {
  const defs = containerDefinitions(td)
  const named = defs.find(c => c.image === imageUri) ?? (defs.length === 1 ? defs[0] : undefined)
  return typeof named?.name === 'string' ? named.name : undefined
}

/** run-task-container against the task definition the task runs; undefined when it is fine. */
export function runTaskContainerProblem(
  td: AnyTaskDefinition,
  container: string,
  file: string
): string | undefined {
  const names = containerDefinitions(td).map(c => String(c.name))
  if (names.includes(container)) return undefined
  return `run-task-container is "${container}", but ${file} has no such container; use one of ${names.join(', ')}.`
}

export interface RunTaskPlanInput {
  settings: RunTaskSettings
  /** The rendered task definition the task runs (the service's, or its own file's). */
  rendered: AnyTaskDefinition
  ownTaskDefinition: boolean
  imageUri: string
  cluster: string
  service?: Service
  startedBy: string
  /** The registered revision's ARN; undefined in a dry run (the request then names the family). */
  taskDefinitionArn?: string
  clientToken?: string
}

export function planRunTask(input: RunTaskPlanInput): PlannedRunTask {
  const { settings, rendered } = input
  const family = String(asRecord(rendered).family ?? '')
  const container = settings.container ?? imageContainerOf(rendered, input.imageUri) ?? ''
  const essential = containerDefinitions(rendered)
    .filter(c => c.essential !== false)
    .map(c => String(c.name))
  const request = runTaskRequest({
    cluster: input.cluster,
    taskDefinitionArn: input.taskDefinitionArn ?? family,
    container,
    settings,
    service: input.service,
    startedBy: input.startedBy,
    clientToken: input.clientToken
  })
  return {
    container,
    essential,
    ownTaskDefinition: input.ownTaskDefinition,
    family,
    request,
    timeoutMinutes: settings.timeoutMinutes
  }
}
