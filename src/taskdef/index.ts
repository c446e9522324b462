// The task definition stage: read the file, clean it, validate it; render, compare and write it.
import * as path from 'node:path'
import { cleanTaskDefinition } from './clean.js'
import { parseTaskDefinitionFile } from './parse.js'
import { TaskDefinitionError, type LoadedTaskDefinition, type TaskDefinitionDocument } from './types.js'
import { validateTaskDefinition } from './validate.js'

export { cleanTaskDefinition, SERVER_SIDE_FIELDS, type CleanedTaskDefinition } from './clean.js'
export { deepEqual, diffTaskDefinitions, normalizeTaskDefinition, taskDefinitionsEqual } from './diff.js'
export {
  lineAndColumn,
  locateJsonError,
  parseTaskDefinition,
  parseTaskDefinitionFile,
  type ParsedTaskDefinition
} from './parse.js'
export { renderTaskDefinition, writeRenderedTaskDefinition, type RenderOptions } from './render.js'
export { rolesAndLogGroups, type TaskDefinitionReferences } from './references.js'
export * from './types.js'
export {
  CONTAINER_DEFINITION_FIELDS,
  cpuUnits,
  fargateMemoryOptions,
  MAX_CONTAINERS,
  memoryMiB,
  TASK_DEFINITION_FIELDS,
  validateTaskDefinition
} from './validate.js'

/** Reads, cleans and validates the task definition file; throws a TaskDefinitionError listing every problem. */
export function loadTaskDefinition(file: string): LoadedTaskDefinition {
  const parsed = parseTaskDefinitionFile(file)
  const cleaned = cleanTaskDefinition(parsed.taskDefinition)
  const problems = validateTaskDefinition(cleaned.definition)
  if (problems.length > 0) {
    const name = path.basename(file)
    throw new TaskDefinitionError(
      `${name} is not a valid task definition (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map(p => `  - ${p}`).join('\n'),
      file
    )
  }
  const notes = parsed.unwrapped
    ? ['The file is DescribeTaskDefinition output: using its taskDefinition (and tags).', ...cleaned.notes]
    : cleaned.notes
  return {
    path: file,
    definition: cleaned.definition as TaskDefinitionDocument,
    family: cleaned.definition.family as string,
    // Tags written in the task definition win over the wrapper's on the same key.
    tags: mergeTags(parsed.tags, cleaned.tags),
    notes
  }
}

function mergeTags(...lists: { key?: string; value?: string }[][]): { key: string; value: string }[] {
  const byKey = new Map<string, string>()
  for (const list of lists) for (const tag of list) if (tag.key) byKey.set(tag.key, tag.value ?? '')
  return [...byKey].map(([key, value]) => ({ key, value }))
}
