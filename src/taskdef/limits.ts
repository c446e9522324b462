// ECS's documented quotas for a task definition: its size as RegisterTaskDefinition receives it, and its tags.
import type { Tag } from '@aws-sdk/client-ecs'
import { isObject, type JsonObject } from './types.js'
import { quote } from './words.js'

/** "Task definition size: 64 KiB", the size of the RegisterTaskDefinition request. */
export const MAX_TASK_DEFINITION_BYTES = 64 * 1024
export const MAX_TAGS = 50
const MAX_TAG_KEY = 128
const MAX_TAG_VALUE = 256
/** Letters, digits and spaces in UTF-8, and + - = . _ : / @. */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
/** Room for the image the action puts in (ECS's image limit is 255 characters). */
const IMAGE_ALLOWANCE = 255

/** The size problem of the request (task definition and tags), or undefined when it fits. */
export function sizeProblem(definition: JsonObject, tags: Tag[]): string | undefined {
  const request = tags.length > 0 ? { ...definition, tags } : definition
  const bytes = Buffer.byteLength(JSON.stringify(request), 'utf8') + IMAGE_ALLOWANCE
  if (bytes <= MAX_TASK_DEFINITION_BYTES) return undefined
  return (
    `the task definition is ${(bytes / 1024).toFixed(1)} KiB as ECS receives it (compact JSON, with the image), over ECS's limit of 64 KiB; ` +
    'move long values out (environmentFiles in S3, secrets, or configuration the application reads at start) or split the task'
  )
}

/** Problems with the tags of the file (`tags[2].key: ...`) and their number. */
export function tagProblems(raw: unknown, merged: Tag[]): string[] {
  const problems: string[] = []
  const seen = new Map<string, number>()
  const list = Array.isArray(raw) ? raw : []
  list.forEach((tag, i) => {
    if (!isObject(tag) || typeof tag.key !== 'string') return
    const key = tag.key
    const value = typeof tag.value === 'string' ? tag.value : ''
    if (/^aws:/i.test(key))
      problems.push(
        `tags[${i}].key: ${quote(key)} starts with "aws:", which AWS reserves for its own tags; rename the key`
      )
    if (key.length > MAX_TAG_KEY)
      problems.push(`tags[${i}].key: ${key.length} characters; a tag key is at most ${MAX_TAG_KEY}`)
    if (value.length > MAX_TAG_VALUE)
      problems.push(`tags[${i}].value: ${value.length} characters; a tag value is at most ${MAX_TAG_VALUE}`)
    for (const [field, text] of [
      ['key', key],
      ['value', value]
    ] as const)
      if (!TAG_CHARACTERS.test(text))
        problems.push(
          `tags[${i}].${field}: ${quote(text)} has characters tags do not take; use letters, digits, spaces and + - = . _ : / @`
        )
    const first = seen.get(key)
    if (first !== undefined)
      problems.push(`tags[${i}].key: ${quote(key)} is already the key of tags[${first}]; each key once`)
    else seen.set(key, i)
  })
  if (merged.length > MAX_TAGS)
    problems.push(`tags: ${merged.length} tags; ECS takes at most ${MAX_TAGS} per task definition`)
  return problems
}
