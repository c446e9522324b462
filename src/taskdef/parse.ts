// Reading the task definition file: JSON or YAML (by extension), errors pointing at line and column.
import * as fs from 'node:fs'
import * as path from 'node:path'
import type { Tag } from '@aws-sdk/client-ecs'
import { isYamlPath, yamlParser } from '../yaml.js'
import { isObject, TaskDefinitionError, type JsonObject } from './types.js'

export interface ParsedTaskDefinition {
  /** The task definition object exactly as written (not cleaned). */
  taskDefinition: JsonObject
  /** Tags from a DescribeTaskDefinition output wrapper (`{ taskDefinition, tags }`); empty otherwise. */
  tags: Tag[]
  /** True when the file was a DescribeTaskDefinition output and was unwrapped. */
  unwrapped: boolean
  /** The file is YAML. */
  yaml: boolean
  /** YAML only: the same task definition with every scalar as the text written (`1.10`, not 1.1). */
  text?: unknown
}

export function parseTaskDefinitionFile(file: string): ParsedTaskDefinition {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message
    throw new TaskDefinitionError(
      `task-definition: cannot read ${file} (${why}). Give the path of the task definition file, relative to the workspace.`,
      file
    )
  }
  return parseTaskDefinition(text, file)
}

export function parseTaskDefinition(text: string, file: string): ParsedTaskDefinition {
  const name = path.basename(file)
  const yaml = isYamlPath(file)
  const value = yaml ? parseYaml(text, file, name) : parseJson(text.replace(/^\uFEFF/, ''), file, name)
  // YAML's failsafe schema reads every scalar as text: what the user wrote, for numbers converted to text.
  const written: unknown = yaml
    ? yamlParser().parseDocument(text, { schema: 'failsafe', merge: true }).toJS()
    : undefined
  if (!isObject(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`
    throw new TaskDefinitionError(
      `${name}: the task definition must be an object with family and containerDefinitions, but the file holds ${kind}.`,
      file
    )
  }
  // `aws ecs describe-task-definition` output: { "taskDefinition": {...}, "tags": [...] }.
  if (isObject(value.taskDefinition) && !('family' in value) && !('containerDefinitions' in value)) {
    return {
      taskDefinition: value.taskDefinition,
      tags: tagsFrom(value.tags, name, file),
      unwrapped: true,
      yaml,
      text: isObject(written) ? written.taskDefinition : undefined
    }
  }
  return { taskDefinition: value, tags: [], unwrapped: false, yaml, text: written }
}

function tagsFrom(value: unknown, name: string, file: string): Tag[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value) || !value.every(t => isObject(t) && typeof t.key === 'string'))
    throw new TaskDefinitionError(
      `${name}: tags must be a list of { "key": ..., "value": ... } objects.`,
      file
    )
  return value.map(t => ({
    key: String(t.key),
    ...(t.value === undefined || t.value === null ? {} : { value: String(t.value) })
  }))
}

function parseYaml(text: string, file: string, name: string): unknown {
  const doc = yamlParser().parseDocument(text, { prettyErrors: true, merge: true })
  const error = doc.errors[0]
  if (error) {
    const pos = error.linePos?.[0]
    const where = pos ? `${name}:${pos.line}:${pos.col}` : name
    const what = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
    throw new TaskDefinitionError(
      `${where}: ${what}. Fix the YAML there (indentation, a missing ':' or an unclosed quote are the usual causes).`,
      file,
      pos?.line,
      pos?.col
    )
  }
  return doc.toJS()
}

function parseJson(text: string, file: string, name: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    const found = locateJsonError(text) ?? { offset: text.length, message: (e as Error).message }
    const { line, column } = lineAndColumn(text, found.offset)
    throw new TaskDefinitionError(
      `${name}:${line}:${column}: ${found.message}. Fix the JSON there (a trailing or missing comma is the usual cause); ` +
        'a YAML file needs a .yml or .yaml extension.',
      file,
      line,
      column
    )
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - (before.lastIndexOf('\n') + 1) + 1
  return { line, column }
}

/**
 * Finds the first JSON syntax error: where and what. Only run after JSON.parse failed, because
 * JSON.parse's own messages carry no position for some errors, and differ between Node versions.
 */
export function locateJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0
  const fail = (message: string): never => {
    throw { offset: i, message }
  }
  const found = (): string => (i >= text.length ? 'the end of the file' : `'${text[i]}'`)
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++
  }
  const string = (): void => {
    i++ // opening quote
    for (;;) {
      if (i >= text.length) fail("Unterminated string (missing closing '\"')")
      const c = text[i]!
      if (c === '"') {
        i++
        return
      }
      if (c < ' ') fail('Control character (a raw tab or line break) inside a string; write it as \\t or \\n')
      if (c === '\\') {
        i++
        const esc = text[i]
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('Bad \\u escape in a string')
          i += 5
          continue
        }
        if (esc === undefined || !'"\\/bfnrt'.includes(esc)) fail('Bad escape in a string')
      }
      i++
    }
  }
  const value = (): void => {
    space()
    const c = text[i]
    if (c === '{') return object()
    if (c === '[') return array()
    if (c === '"') return string()
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (number && number[0] !== '-') {
      i += number[0].length
      if (/^[0-9]/.test(text.slice(i))) fail('Numbers may not have leading zeros')
      return
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length
        return
      }
    }
    if (c === "'") fail('Strings need double quotes ("), not single quotes (\')')
    fail(`Expected a value but found ${found()}`)
  }
  const object = (): void => {
    i++
    space()
    if (text[i] === '}') {
      i++
      return
    }
    for (;;) {
      space()
      if (text[i] === '}') fail("Trailing comma before '}'")
      if (text[i] !== '"') fail(`Expected a double-quoted property name but found ${found()}`)
      string()
      space()
      if (text[i] !== ':') fail(`Expected ':' after the property name but found ${found()}`)
      i++
      value()
      space()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === '}') {
        i++
        return
      }
      fail(`Expected ',' or '}' after a property value but found ${found()}`)
    }
  }
  const array = (): void => {
    i++
    space()
    if (text[i] === ']') {
      i++
      return
    }
    for (;;) {
      space()
      if (text[i] === ']') fail("Trailing comma before ']'")
      value()
      space()
      if (text[i] === ',') {
        i++
        continue
      }
      if (text[i] === ']') {
        i++
        return
      }
      fail(`Expected ',' or ']' after an array element but found ${found()}`)
    }
  }
  try {
    space()
    if (i >= text.length) fail('The file is empty')
    value()
    space()
    if (i < text.length) fail(`Unexpected ${found()} after the end of the JSON value`)
    return undefined
  } catch (e) {
    if (isObject(e) && typeof e.offset === 'number' && typeof e.message === 'string')
      return { offset: e.offset, message: e.message }
    throw e
  }
}
