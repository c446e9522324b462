// Where the task definition comes from: a file (read in index.ts), or a revision kept in ECS, read with its tags
// by DescribeTaskDefinition before anything changes and cleaned exactly as a file is.
import type { EcsApi } from '../aws/ecs.js'
import type { TaskDefinitionSource } from '../settings/taskdef-inputs.js'
import { loadDescribedTaskDefinition, type LoadOptions } from './index.js'
import { TaskDefinitionError, type LoadedTaskDefinition } from './types.js'

/** The source in the user's words, for the log, the dry run and the summary. */
export function describeSource(source: TaskDefinitionSource, loaded?: LoadedTaskDefinition): string {
  const revision = loaded?.revision ? `${loaded.family}:${loaded.revision}` : undefined
  switch (source.kind) {
    case 'file':
      return `the file ${source.path}`
    case 'family':
      return source.revision === undefined
        ? `ECS, family ${source.family}'s latest ACTIVE revision${revision ? ` (${revision})` : ''}`
        : `ECS, ${source.family}:${source.revision}`
    case 'arn':
      return `ECS, ${source.arn}`
  }
}

/** Reads the task definition kept in ECS; an INACTIVE (deregistered) revision is refused. */
export async function readTaskDefinitionFromEcs(
  source: Exclude<TaskDefinitionSource, { kind: 'file' }>,
  ecs: Pick<EcsApi, 'readTaskDefinition'>,
  options: LoadOptions
): Promise<LoadedTaskDefinition> {
  const reference =
    source.kind === 'arn'
      ? source.arn
      : source.revision === undefined
        ? source.family
        : `${source.family}:${source.revision}`
  const input = source.kind === 'arn' ? 'task-definition-arn' : 'task-definition-family'
  const { taskDefinition, tags } = await ecs.readTaskDefinition(reference)
  if (!taskDefinition?.family)
    throw new TaskDefinitionError(
      `${input}: ECS returned no task definition for ${reference}; check the name.`
    )
  const name = `${taskDefinition.family}:${taskDefinition.revision ?? '?'}`
  if (taskDefinition.status === 'INACTIVE')
    throw new TaskDefinitionError(
      `${input}: ${name} is INACTIVE (deregistered); nothing was changed. Give an ACTIVE revision, or the family alone for its latest ACTIVE one.`
    )
  const loaded = loadDescribedTaskDefinition(taskDefinition, tags, name, options)
  return { ...loaded, path: reference, revision: taskDefinition.revision }
}
