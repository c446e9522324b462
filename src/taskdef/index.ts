// The task definition stage: read the file, clean it, validate it; render, compare and write it.
import * as path from 'node:path'
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs'
import { cleanTaskDefinition, type CleanedTaskDefinition } from './clean.js'
import type { ImageTarget } from './images.js'
import { sizeProblem, tagProblems } from './limits.js'
import { parseTaskDefinitionFile, type ParsedTaskDefinition } from './parse.js'
import { checkShape } from './shape.js'
import {
  TaskDefinitionError,
  type JsonObject,
  type LoadedTaskDefinition,
  type TaskDefinitionDocument
} from './types.js'
import { validateTaskDefinition } from './validate.js'
import { plural } from './words.js'

export { cleanTaskDefinition, SERVER_SIDE_FIELDS, type CleanedTaskDefinition } from './clean.js'
export {
  lineAndColumn,
  locateJsonError,
  parseTaskDefinition,
  parseTaskDefinitionFile,
  type ParsedTaskDefinition
} from './parse.js'
export { renderTaskDefinition, writeRenderedTaskDefinition, type RenderOptions } from './render.js'
export { prepareTaskDefinition, renderImage, targetContainers, type ContainerChoices } from './prepare.js'
export { secretReferenceProblem, roleProblem } from './arns.js'
export { variableNameProblem } from './containers.js'
export { imageProblem, pullsFromEcr, type ImageTarget } from './images.js'
export { MAX_TAGS, MAX_TASK_DEFINITION_BYTES, sizeProblem, tagProblems } from './limits.js'
export { checkShape, type ShapeResult } from './shape.js'
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

export type LoadOptions = ImageTarget

/** Problems listed in one error; more are counted, so a broken 5 MB file cannot flood the log. */
const MAX_LISTED = 25

/**
 * Reads, converts, cleans and validates the task definition file; throws one TaskDefinitionError listing every
 * problem, each as `file: field path: what is wrong; what to do`. With options (the container the action fills
 * in, and the image when known) the other containers' images and the Fargate execution role are checked too.
 */
export function loadTaskDefinition(file: string, options?: LoadOptions): LoadedTaskDefinition {
  return loadParsed(parseTaskDefinitionFile(file), file, path.basename(file), 'in the file', options)
}

/**
 * A task definition read from ECS (DescribeTaskDefinition with its tags), cleaned and validated exactly as a file
 * is: the server-side fields go, the rest is kept. `source` names it in messages (family:revision).
 */
export function loadDescribedTaskDefinition(
  described: TaskDefinition,
  tags: Tag[],
  source: string,
  options?: LoadOptions
): LoadedTaskDefinition {
  // Dates (registeredAt) become text, as in a file the CLI wrote; cleaning drops them with the other server fields.
  const taskDefinition = JSON.parse(JSON.stringify(described)) as JsonObject
  const parsed = { taskDefinition, tags, unwrapped: true, yaml: false, text: undefined }
  const loaded = loadParsed(
    parsed,
    source,
    source,
    'where the task definition is kept (Terraform, CDK, ...)',
    options
  )
  return { ...loaded, notes: loaded.notes.filter(n => !n.startsWith('The file is DescribeTaskDefinition')) }
}

function loadParsed(
  parsed: ParsedTaskDefinition,
  file: string,
  name: string,
  fixWhere: string,
  options?: LoadOptions
): LoadedTaskDefinition {
  const shape = checkShape(parsed.taskDefinition, { yaml: parsed.yaml, text: parsed.text })
  const { cleaned, tagsProblem } = cleanWithTags(shape.value)
  // DescribeTaskDefinition returns the tags AWS set (aws:cloudformation:…), which registration refuses.
  const awsTags = parsed.tags.filter(t => /^aws:/i.test(t.key ?? ''))
  const tags = mergeTags(
    parsed.tags.filter(t => !awsTags.includes(t)),
    cleaned.tags
  )
  const typed = new Set(shape.problems.map(fieldOf))
  const problems = [
    ...shape.problems,
    ...(tagsProblem ? [tagsProblem] : []),
    ...validateTaskDefinition(cleaned.definition, options).filter(p => !typed.has(fieldOf(p))),
    ...tagProblems(shape.value.tags, tags)
  ]
  const tooBig = sizeProblem(cleaned.definition, tags)
  if (tooBig) problems.unshift(tooBig)
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LISTED).map(p => `  - ${name}: ${p}`)
    if (problems.length > MAX_LISTED) listed.push(`  - … and ${problems.length - MAX_LISTED} more`)
    throw new TaskDefinitionError(
      `${name} is not a valid task definition (${plural(problems.length, 'problem')}); fix ${problems.length === 1 ? 'it' : 'them'} ${fixWhere}:\n` +
        listed.join('\n'),
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
    tags,
    notes,
    warnings: [
      ...conversionWarnings(name, shape.conversions),
      ...(awsTags.length > 0
        ? [
            `${name}: leaving out ${plural(awsTags.length, 'tag')} of the DescribeTaskDefinition output that AWS set ` +
              `(${awsTags.map(t => t.key).join(', ')}): keys starting with aws: cannot be registered.`
          ]
        : [])
    ]
  }
}

/** Cleaning, with malformed tags as one problem (and left out) instead of an error that hides the others. */
function cleanWithTags(td: JsonObject): { cleaned: CleanedTaskDefinition; tagsProblem?: string } {
  try {
    return { cleaned: cleanTaskDefinition(td) }
  } catch (e) {
    if (!(e instanceof TaskDefinitionError)) throw e
    return { cleaned: cleanTaskDefinition({ ...td, tags: undefined }), tagsProblem: e.message }
  }
}

/** One warning for all conversions, naming each field. */
function conversionWarnings(name: string, conversions: string[]): string[] {
  if (conversions.length === 0) return []
  const listed = conversions.slice(0, MAX_LISTED).map(c => `  - ${c}`)
  if (conversions.length > MAX_LISTED) listed.push(`  - … and ${conversions.length - MAX_LISTED} more`)
  return [
    `${name}: converted ${plural(conversions.length, 'value')} to the type ECS expects (text for environment values, labels and options; ` +
      'true/false for yes/no). Quote them in the file to say so yourself:\n' +
      listed.join('\n')
  ]
}

/** The field path a problem starts with. */
const fieldOf = (problem: string): string => problem.slice(0, problem.indexOf(': '))

function mergeTags(...lists: { key?: string; value?: string }[][]): { key: string; value: string }[] {
  const byKey = new Map<string, string>()
  for (const list of lists) for (const tag of list) if (tag.key) byKey.set(tag.key, tag.value ?? '')
  return [...byKey].map(([key, value]) => ({ key, value }))
}
