// The one path from the action to the step's log. Every text that reaches it may come from outside (inputs, the
// event, AWS messages, container logs, process output), so every line is printed so that the runner cannot read it
// as a workflow command, with the action's secrets hidden and long lines cut.
import { randomBytes } from 'node:crypto'
import { EOL } from 'node:os'
import { StringDecoder } from 'node:string_decoder'
import * as core from './runner-commands.js'

/** Annotation properties a log line can carry on the run page. */
export interface Annotation {
  title?: string
  file?: string
  startLine?: number
  startColumn?: number
}

/** Where the pipeline tells its story. `core` in the action; a recorder in tests. */
export interface Logger {
  info(message: string): void
  debug(message: string): void
  warning(message: string, annotation?: Annotation): void
  error(message: string, annotation?: Annotation): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** The longest log line shown whole; longer ones are cut, saying how much. */
export const MAX_LINE_CHARS = 4096
/** The runner keeps 4096 characters of an annotation; the cut note must fit inside. */
export const MAX_ANNOTATION_CHARS = 3900
const MAX_TITLE_CHARS = 200
/** A debug message may span lines (each cut at MAX_LINE_CHARS); this bounds the whole. */
const MAX_DEBUG_CHARS = 64 * 1024

// How the runner reads a step's output (actions/runner: ProcessInvoker, OutputManager, ActionCommand):
// - stdout and stderr alike are read with StreamReader.ReadLine: a line ends at \n, \r or \r\n;
// - `::name props::data` is a command when the line, after TrimStart, starts with `::` (TryParseV2);
// - `##[name props]data` is a command wherever `##[` appears in the line (TryParse, the legacy form);
// - names are matched ignoring case, and StartsWith/IndexOf compare culture-sensitively, so characters that
//   collation ignores (zero-width, control and format characters) do not separate `:` from `:` or `#` from `[`.
// A line is made inert by a visible backslash: before the `::` it starts with, and before the `[` of every `##[`.
const LINE_BREAK = /\r\n|\r|\n/
/** Characters collation may ignore (control, format and default-ignorable ones): a superset, to be safe. */
const IGNORED = String.raw`\p{Cc}\p{Cf}\p{DI}`
/** What .NET's TrimStart removes (whitespace), and the ignored ones. */
const LEADING = String.raw`\s\p{Z}${IGNORED}`
/** The two command forms; built on first use, since their Unicode classes take about a millisecond to build. */
let commandPatterns: { startsAsCommand: RegExp; legacyCommand: RegExp } | undefined
function patterns(): { startsAsCommand: RegExp; legacyCommand: RegExp } {
  return (commandPatterns ??= {
    startsAsCommand: new RegExp(String.raw`^([${LEADING}]*)(?=:[${IGNORED}]*:)`, 'u'),
    legacyCommand: new RegExp(String.raw`(#[${IGNORED}]*#[${IGNORED}]*)\[`, 'gu')
  })
}

/** Whether the runner could read this one line as a workflow command, in either syntax. */
export function couldBeCommand(line: string): boolean {
  // Both forms need a ':' or a '#': most lines have neither, and skip the patterns.
  if (!line.includes(':') && !line.includes('#')) return false
  const { startsAsCommand, legacyCommand } = patterns()
  legacyCommand.lastIndex = 0
  return startsAsCommand.test(line) || legacyCommand.test(line)
}

/** The line as a person reads it, with what would start a workflow command escaped by a backslash. */
export function inertLine(line: string): string {
  if (!couldBeCommand(line)) return line
  const { startsAsCommand, legacyCommand } = patterns()
  return line.replace(legacyCommand, '$1\\[').replace(startsAsCommand, '$1\\')
}

/** The first `max` characters of a line and a note of how many more there were. */
export function cutLine(line: string, max = MAX_LINE_CHARS): string {
  if (line.length <= max) return line
  let end = max
  const last = line.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end-- // never split a surrogate pair
  return `${line.slice(0, end)} … [${(line.length - end).toLocaleString('en-US')} more characters cut]`
}

const secrets = new Set<string>()

/**
 * Hides a value in every later line: the runner's mask (core.setSecret), and the logger's own, so that a line cut
 * in the middle of a secret, or escaped, cannot show part of it.
 */
export function setSecret(value: string): void {
  if (!value.trim()) return // the runner refuses to mask blanks
  secrets.add(value)
  core.setSecret(value)
}

/** Forgets the values setSecret hid (tests only: a step masks once, for its whole life). */
export function forgetSecrets(): void {
  secrets.clear()
}

function redact(text: string): string {
  let out = text
  for (const secret of [...secrets].sort((a, b) => b.length - a.length))
    if (out.includes(secret)) out = out.split(secret).join('***')
  return out
}

/** Text from outside as the lines the log shows: secrets hidden, each line cut to size and made inert. */
export function inertLines(text: string): string[] {
  return redact(text)
    .split(LINE_BREAK)
    .map(line => inertLine(cutLine(line)))
}

/**
 * Text that goes into a command's data (debug, annotations, group names): @actions/core escapes `%`, `\r` and `\n`
 * there (and `:` and `,` in properties), so the runner reads it as one command whatever it holds. It only needs
 * secrets hidden and its size bounded.
 */
function commandData(text: string, maxChars: number): string {
  const lines = redact(text)
    .split(LINE_BREAK)
    .map(line => cutLine(line))
  return cutLine(lines.join('\n'), maxChars)
}

function annotation(properties: Annotation | undefined): Annotation | undefined {
  if (!properties) return undefined
  const { title, file } = properties
  return {
    ...properties,
    ...(title !== undefined ? { title: oneLine(title, MAX_TITLE_CHARS) } : {}),
    ...(file !== undefined ? { file: oneLine(file, MAX_LINE_CHARS) } : {})
  }
}

function oneLine(text: string, max: number): string {
  return cutLine(redact(text).split(LINE_BREAK).join(' '), max)
}

export const actionsLogger: Logger = {
  info: message => core.info(inertLines(message).join(EOL)),
  debug: message => core.debug(commandData(message, MAX_DEBUG_CHARS)),
  warning: (message, properties) =>
    core.warning(commandData(message, MAX_ANNOTATION_CHARS), annotation(properties)),
  error: (message, properties) =>
    core.error(commandData(message, MAX_ANNOTATION_CHARS), annotation(properties)),
  group: (name, fn) => core.group(oneLine(name, MAX_TITLE_CHARS), fn)
}

/**
 * Runs `fn` with the runner's command processing stopped: a second fence, on top of the inert lines, around output
 * the action does not write itself (a build). The token is random per block, as GitHub's docs ask, and 32 characters
 * long, so the runner also masks it. The action must not mask, annotate or group inside: those would not work.
 */
export async function withCommandsStopped<T>(fn: () => Promise<T>): Promise<T> {
  const token = randomBytes(16).toString('hex')
  process.stdout.write(`::stop-commands::${token}${EOL}`)
  try {
    return await fn()
  } finally {
    process.stdout.write(`::${token}::${EOL}`)
  }
}

/**
 * Cuts a stream of bytes (a process's stdout or stderr) into the lines the runner would read, as they complete:
 * UTF-8 characters split across chunks are kept whole, and `\r\n` split across chunks is one line end.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private pending = ''

  constructor(private readonly onLine: (line: string) => void) {}

  write(chunk: Buffer | string): void {
    this.pending += typeof chunk === 'string' ? chunk : this.decoder.write(chunk)
    let start = 0
    for (let i = 0; i < this.pending.length; i++) {
      const c = this.pending[i]
      if (c !== '\n' && c !== '\r') continue
      if (c === '\r' && i === this.pending.length - 1) break // maybe the first half of \r\n
      this.onLine(this.pending.slice(start, i))
      if (c === '\r' && this.pending[i + 1] === '\n') i++
      start = i + 1
    }
    this.pending = this.pending.slice(start)
  }

  /** The last line, when the stream did not end with a line break. */
  end(): void {
    const rest = this.pending + this.decoder.end()
    this.pending = ''
    if (rest) this.onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest)
  }
}
