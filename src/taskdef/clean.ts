// Cleaning: turn a console export or DescribeTaskDefinition output into something RegisterTaskDefinition accepts.
// Like the official deploy action, empty values (null, "", [], {}) go, recursively; unlike a blind sweep,
// "" stays where it means something (an environment variable's value, a label's value), and 0/false always stay.
import type { Tag } from '@aws-sdk/client-ecs'
import { isObject, TaskDefinitionError, type JsonObject } from './types.js'

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects. */
export const SERVER_SIDE_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt'
] as const

/** Objects whose keys are free-form names, so an empty string is a value someone chose. */
const STRING_MAPS = new Set(['dockerLabels', 'options', 'driverOpts', 'labels'])

export interface CleanedTaskDefinition {
  definition: JsonObject
  /** The top-level `tags`, moved out: RegisterTaskDefinition takes them beside the task definition. */
  tags: Tag[]
  /** What was removed, in words, for the log. */
  notes: string[]
}

export function cleanTaskDefinition(td: JsonObject): CleanedTaskDefinition {
  const notes: string[] = []
  const removed = SERVER_SIDE_FIELDS.filter(field => td[field] !== undefined && td[field] !== null)
  if (removed.length > 0)
    notes.push(
      `Ignoring ${removed.join(', ')}: DescribeTaskDefinition returns ${removed.length === 1 ? 'this field' : 'these fields'} ` +
        'but RegisterTaskDefinition does not accept them; they can be removed from the file.'
    )

  const rest: JsonObject = {}
  for (const [key, value] of Object.entries(td)) {
    if ((SERVER_SIDE_FIELDS as readonly string[]).includes(key) || key === 'tags') continue
    rest[key] = value
  }
  const counter = { dropped: 0 }
  const definition = (cleanValue(rest, undefined, counter) as JsonObject | undefined) ?? {}
  if (counter.dropped > 0)
    notes.push(
      `Dropped ${counter.dropped} empty value${counter.dropped === 1 ? '' : 's'} (null, "", [] or {}).`
    )

  // RegisterTaskDefinition's task-level cpu and memory are strings; YAML and hand-written JSON often hold numbers.
  for (const key of ['cpu', 'memory'] as const) {
    if (typeof definition[key] === 'number') definition[key] = String(definition[key])
  }
  return { definition, tags: cleanTags(td.tags), notes }
}

function cleanTags(value: unknown): Tag[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value))
    throw new TaskDefinitionError(
      'tags: expected a list of { "key": ..., "value": ... } objects; fix or remove tags in the task definition file.'
    )
  return value.flatMap((tag, index): Tag[] => {
    if (tag === null) return []
    if (!isObject(tag) || typeof tag.key !== 'string' || tag.key === '')
      throw new TaskDefinitionError(
        `tags[${index}]: expected { "key": "...", "value": "..." } with a non-empty key.`
      )
    return [{ key: tag.key, value: tag.value === undefined || tag.value === null ? '' : String(tag.value) }]
  })
}

/** Returns the cleaned value, or undefined when it is empty and should go. */
function cleanValue(
  value: unknown,
  key: string | undefined,
  counter: { dropped: number },
  parentKey?: string
): unknown {
  if (value === null || value === undefined) return drop(counter)
  if (value === '')
    return key === 'value' || (parentKey !== undefined && STRING_MAPS.has(parentKey)) ? '' : drop(counter)
  if (Array.isArray(value)) {
    const items = value
      .map(item => cleanValue(item, undefined, counter, key))
      .filter(item => item !== undefined)
    return items.length > 0 ? items : drop(counter)
  }
  if (isObject(value)) {
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) {
      const cleaned = cleanValue(v, k, counter, key)
      if (cleaned !== undefined) out[k] = cleaned
    }
    // A name/value pair: without a name it is empty; without a value it means "" (kept, as ECS does).
    if (parentKey === 'environment' || parentKey === 'properties') {
      if (typeof out.name !== 'string') return drop(counter)
      if (!('value' in out)) out.value = ''
    }
    return Object.keys(out).length > 0 ? out : drop(counter)
  }
  return value
}

function drop(counter: { dropped: number }): undefined {
  counter.dropped++
  return undefined
}
