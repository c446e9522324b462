// The first value of the wrong JSON type in a RegisterTaskDefinition request, answered as ECS's JSON reader does
// (SerializationException): the SDK sends whatever type it was given, e.g. a YAML `value: 8080` as a number.
import { AwsError } from '../errors.js'
import { inputSchema } from '../model-fields.js'

type Schema = unknown

function resolve(ref: Schema): Schema {
  let current = ref
  for (let i = 0; i < 20; i++) {
    if (typeof current === 'function') current = (current as () => unknown)()
    else if (Array.isArray(current) && current.length === 2) current = current[0]
    else if (Array.isArray(current) && current[0] === 0 && current.length >= 5) current = current[4]
    else return current
  }
  return current
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Coral's wording for a JSON value it cannot read as the member's type. */
function mismatch(expected: 'string' | 'number' | 'boolean', value: unknown): string | undefined {
  if (expected === 'string') {
    if (typeof value === 'number')
      return 'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'
    if (typeof value === 'boolean') return 'class java.lang.Boolean can not be converted to an String'
    if (typeof value === 'object') return 'Start of structure or map found where not expected.'
    return undefined
  }
  if (expected === 'number') {
    if (typeof value === 'string') return 'STRING_VALUE cannot be converted to Integer'
    if (typeof value === 'boolean') return 'class java.lang.Boolean can not be converted to an Integer'
    if (typeof value === 'object') return 'Start of structure or map found where not expected.'
    return undefined
  }
  if (typeof value === 'string') return 'STRING_VALUE cannot be converted to Boolean'
  if (typeof value === 'number') return 'NUMBER_VALUE cannot be converted to Boolean'
  if (typeof value === 'object') return 'Start of structure or map found where not expected.'
  return undefined
}

function walk(ref: Schema, value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined
  const schema = resolve(ref)
  if (typeof schema === 'number') {
    const base = schema & 63
    const expected = base === 0 ? 'string' : base === 1 ? 'number' : base === 2 ? 'boolean' : undefined
    if (schema >= 128) {
      if (!isObject(value)) return 'Unexpected list or value where a map was expected.'
      for (const item of Object.values(value)) {
        const found = expected && item !== null ? mismatch(expected, item) : undefined
        if (found) return found
      }
      return undefined
    }
    if (schema >= 64) {
      if (!Array.isArray(value)) return 'Unexpected value where a list was expected.'
      for (const item of value) {
        const found = expected && item !== null ? mismatch(expected, item) : undefined
        if (found) return found
      }
      return undefined
    }
    return expected ? mismatch(expected, value) : undefined
  }
  if (!Array.isArray(schema)) return undefined
  const kind = schema[0] as number
  if (kind === 1) {
    if (!Array.isArray(value)) return 'Unexpected value where a list was expected.'
    for (const item of value) {
      const found = walk(schema[4], item)
      if (found) return found
    }
  } else if (kind === 2) {
    if (!isObject(value)) return 'Unexpected list or value where a map was expected.'
    for (const item of Object.values(value)) {
      const found = walk(schema[5], item)
      if (found) return found
    }
  } else if (kind === 3) {
    if (!isObject(value)) return 'Unexpected list or value where a structure was expected.'
    const names = (schema[4] as string[] | undefined) ?? []
    const members = (schema[5] as Schema[] | undefined) ?? []
    for (const [key, item] of Object.entries(value)) {
      const index = names.indexOf(key)
      const found = index < 0 ? undefined : walk(members[index], item)
      if (found) return found
    }
  }
  return undefined
}

/** Throws ECS's SerializationException for the first member of the wrong type. */
export function checkRegistrationTypes(input: unknown): void {
  const found = walk(inputSchema('ecs', 'RegisterTaskDefinition'), input)
  if (found) throw new AwsError('SerializationException', found)
}
