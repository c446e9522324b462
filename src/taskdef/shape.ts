// The task definition's types, checked against the SDK's own model of RegisterTaskDefinition (its static schemas):
// text where ECS wants text, whole numbers, true/false, lists and objects where it wants them. The SDK sends what
// it is given, so a YAML `value: 8080` would reach ECS as a number; numbers and booleans in text fields are
// converted (and reported once), everything else that cannot be meant is a problem naming its field.
import { RegisterTaskDefinitionRequest$ } from './ecs-model.js'
import { isObject, type JsonObject } from './types.js'
import { quote } from './words.js'

// The SDK's schema codes: 0 text, 1 number, 2 boolean, 15 document; 64|x a list of x, 128|x a map of x;
// arrays [1 list | 2 map | 3 structure | 0 simple, namespace, name, traits, ...].
const STRING = 0
const NUMBER = 1
const BOOLEAN = 2
const LIST_OF = 64
const MAP_OF = 128

/** Words YAML 1.1 (and many YAML tools) read as booleans, which the YAML 1.2 reader keeps as text. */
const YAML_BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  on: true,
  off: false,
  y: true,
  n: false
}

/** Text fields whose conversion from a number is not worth a warning: everyone writes "cpu": 256. */
const SILENT = new Set(['cpu', 'memory'])

export interface ShapeResult {
  /** The task definition with numbers and booleans in text fields converted (a copy; the input is untouched). */
  value: JsonObject
  /** Each conversion, e.g. `containerDefinitions[0].environment[0].value: 8080 → "8080"`. */
  conversions: string[]
  /** Each field of the wrong type: `path: what is wrong; what to do`. */
  problems: string[]
}

export interface ShapeOptions {
  /** The file is YAML: yes/no/on/off are accepted for booleans (YAML 1.1 reads them so). */
  yaml: boolean
  /**
   * The same document read with every scalar as its text (YAML's failsafe schema), so that a converted number
   * keeps exactly what was written (`1.10` stays "1.10", `007` stays "007").
   */
  text?: unknown
}

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

const kindOf = (value: unknown): string =>
  Array.isArray(value)
    ? 'a list'
    : isObject(value)
      ? 'a map'
      : typeof value === 'string'
        ? 'text'
        : `a ${typeof value}`

/** Checks and converts the task definition as written in the file (before cleaning, so paths match the file). */
export function checkShape(td: JsonObject, options: ShapeOptions): ShapeResult {
  const conversions: string[] = []
  const problems: string[] = []
  const add = (path: string, message: string): void => {
    problems.push(`${path}: ${message}`)
  }

  const walk = (schema: Schema, value: unknown, text: unknown, path: string, depth: number): unknown => {
    if (value === null || value === undefined) return value // cleaning drops empty values
    const s = resolve(schema)
    if (typeof s === 'number') {
      if (s === STRING) return asText(value, text, path)
      if (s === NUMBER) return asWholeNumber(value, path)
      if (s === BOOLEAN) return asBoolean(value, path)
      if (s >= MAP_OF) return asMap(s - MAP_OF, value, text, path, depth)
      if (s >= LIST_OF) return asList(s - LIST_OF, value, text, path, depth)
      return value
    }
    if (!Array.isArray(s)) return value
    if (s[0] === 1) return asList(s[4], value, text, path, depth)
    if (s[0] === 2) return asMap(s[5], value, text, path, depth)
    if (s[0] === 3) return asStructure(s, value, text, path, depth)
    return value
  }

  const asText = (value: unknown, text: unknown, path: string): unknown => {
    if (typeof value === 'string') return value
    if (typeof value === 'number' || typeof value === 'boolean') {
      const converted = typeof text === 'string' && text !== '' ? text : String(value)
      if (!SILENT.has(path)) conversions.push(`${path}: ${quote(value)} → ${quote(converted)}`)
      return converted
    }
    add(
      path,
      `expected text but found ${kindOf(value)}; ECS takes one string here (write the whole value in quotes, e.g. JSON as "{\\"a\\": 1}")`
    )
    return value
  }

  const asWholeNumber = (value: unknown, path: string): unknown => {
    if (typeof value === 'number' && Number.isInteger(value)) return value
    if (typeof value === 'number') add(path, `${value} must be a whole number; ECS takes no fractions here`)
    else if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value))
      add(path, `${quote(value)} is text; write the number without quotes: ${value.trim()}`)
    else add(path, `expected a whole number but found ${kindOf(value)} ${quote(value)}`)
    return value
  }

  const asBoolean = (value: unknown, path: string): unknown => {
    if (typeof value === 'boolean') return value
    const word = typeof value === 'string' ? value.trim().toLowerCase() : undefined
    if (options.yaml && word !== undefined && word in YAML_BOOLEANS) {
      const converted = YAML_BOOLEANS[word]!
      conversions.push(`${path}: ${value as string} → ${String(converted)}`)
      return converted
    }
    add(
      path,
      word === 'true' || word === 'false'
        ? `${quote(value)} is text; write ${word} without quotes`
        : `expected true or false but found ${kindOf(value)} ${quote(value)}`
    )
    return value
  }

  const asList = (item: Schema, value: unknown, text: unknown, path: string, depth: number): unknown => {
    if (!Array.isArray(value)) {
      add(
        path,
        `expected a list but found ${kindOf(value)} ${quote(value)}; write it as a list, e.g. [${quote(value)}]`
      )
      return value
    }
    const texts = Array.isArray(text) ? text : []
    return value.map((v, i) => walk(item, v, texts[i], `${path}[${i}]`, depth + 1))
  }

  const asMap = (item: Schema, value: unknown, text: unknown, path: string, depth: number): unknown => {
    if (!isObject(value)) {
      add(path, `expected a map of names to values but found ${kindOf(value)}`)
      return value
    }
    const texts = isObject(text) ? text : {}
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) out[k] = walk(item, v, texts[k], `${path}.${k}`, depth + 1)
    return out
  }

  const asStructure = (s: unknown[], value: unknown, text: unknown, path: string, depth: number): unknown => {
    if (!isObject(value)) {
      add(path, `expected an object with fields but found ${kindOf(value)} ${quote(value)}`)
      return value
    }
    const names = (Array.isArray(s[4]) ? s[4] : []) as string[]
    const members = (Array.isArray(s[5]) ? s[5] : []) as Schema[]
    const texts = isObject(text) ? text : {}
    const out: JsonObject = {}
    for (const [k, v] of Object.entries(value)) {
      const at = path === '' ? k : `${path}.${k}`
      const index = names.indexOf(k)
      if (index < 0) {
        // The task definition's and the containers' own fields are checked by validate (with their names);
        // DescribeTaskDefinition's fields are removed by cleaning.
        const checkedElsewhere = /^(containerDefinitions\[\d+\])?$/.test(path)
        if (!checkedElsewhere) add(at, unknownField(k, names, String(s[2])))
        out[k] = v
        continue
      }
      out[k] = walk(members[index], v, texts[k], at, depth + 1)
    }
    return out
  }

  const value = walk(RegisterTaskDefinitionRequest$, td, options.text, '', 0) as JsonObject
  return { value, conversions, problems }
}

/** `field X is not a field of LogConfiguration; did you mean Y?` */
export function unknownField(key: string, names: readonly string[], structure: string): string {
  const close = names.find(n => n.toLowerCase() === key.toLowerCase())
  return (
    `field ${key} is not a field of ${structure}; ` +
    (close
      ? `did you mean ${close}? (ECS field names are case-sensitive)`
      : `remove it (its fields are ${names.join(', ')})`)
  )
}
