// The runner's workflow commands and file commands the action writes on its hot path, written byte for byte as
// @actions/core writes them (its command.ts, file-command.ts, core.ts, summary.ts). @actions/core statically loads
// its HTTP client (undici), a large share of the start-up; it is loaded only for the OIDC token (see runtime.ts).
import { randomUUID } from 'node:crypto'
import * as fs from 'node:fs'
import { EOL } from 'node:os'

/** Annotation properties as @actions/core's AnnotationProperties. */
export interface CommandAnnotation {
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

type Properties = Record<string, string | number | undefined>

/** @actions/core's toCommandValue: text as is, nothing as empty, anything else as JSON. */
function commandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string') return input
  return JSON.stringify(input)
}

export function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

export function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** `::name key=value,…::data`: properties without a value are left out, as @actions/core does. */
export function commandLine(name: string, properties: Properties, message: unknown): string {
  const keys = Object.keys(properties)
  const props = keys
    .filter(key => properties[key])
    .map(key => `${key}=${escapeProperty(properties[key])}`)
    .join(',')
  return `::${name}${keys.length > 0 ? ` ${props}` : ''}::${escapeData(message)}`
}

function issue(name: string, properties: Properties, message: unknown): void {
  process.stdout.write(commandLine(name, properties, message) + EOL)
}

/** @actions/core's toCommandProperties: the annotation's fields under the runner's names. */
function annotationProperties(annotation: CommandAnnotation | undefined): Properties {
  if (!annotation || Object.keys(annotation).length === 0) return {}
  return {
    title: annotation.title,
    file: annotation.file,
    line: annotation.startLine,
    endLine: undefined,
    col: annotation.startColumn,
    endColumn: undefined
  }
}

export const info = (message: string): void => void process.stdout.write(message + EOL)
export const debug = (message: string): void => issue('debug', {}, message)
export const warning = (message: string, annotation?: CommandAnnotation): void =>
  issue('warning', annotationProperties(annotation), message)
export const error = (message: string, annotation?: CommandAnnotation): void =>
  issue('error', annotationProperties(annotation), message)
export const setSecret = (secret: string): void => issue('add-mask', {}, secret)

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issue('group', {}, name)
  try {
    return await fn()
  } finally {
    issue('endgroup', {}, '')
  }
}

/** Appends to the file a runner file command names (GITHUB_OUTPUT, …), as @actions/core's issueFileCommand. */
function appendFileCommand(command: string, message: string): void {
  const file = process.env[`GITHUB_${command}`]
  if (!file) throw new Error(`Unable to find environment variable for file command ${command}`)
  if (!fs.existsSync(file)) throw new Error(`Missing file at path: ${file}`)
  fs.appendFileSync(file, `${message}${EOL}`, { encoding: 'utf8' })
}

/** `name<<delimiter` value `delimiter`, with a random delimiter the value cannot contain. */
function keyValueMessage(key: string, value: unknown): string {
  const delimiter = `ghadelimiter_${randomUUID()}`
  const converted = commandValue(value)
  if (key.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (converted.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  return `${key}<<${delimiter}${EOL}${converted}${EOL}${delimiter}`
}

/** A step output: to GITHUB_OUTPUT, or the old `set-output` command where the runner has no such file. */
export function setOutput(name: string, value: unknown): void {
  if (process.env.GITHUB_OUTPUT) return appendFileCommand('OUTPUT', keyValueMessage(name, value))
  process.stdout.write(EOL)
  issue('set-output', { name }, commandValue(value))
}

/** Appends markdown and a line end to the job summary, as `core.summary.addRaw(markdown, true).write()`. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  try {
    await fs.promises.access(file, fs.constants.R_OK | fs.constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`
    )
  }
  await fs.promises.appendFile(file, markdown + EOL, { encoding: 'utf8' })
}

/** The exit code of a failed step (@actions/core's ExitCode.Failure). */
export const FAILURE_EXIT_CODE = 1
