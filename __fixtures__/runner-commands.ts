// Reads a step's output the way the GitHub runner does, for tests that ask what the runner would do with it.
// Modelled on actions/runner: ProcessInvoker (lines: StreamReader.ReadLine), OutputManager (stdout and stderr both),
// ActionCommandManager (registered commands, stop-commands and its token rules, add-mask) and ActionCommand
// (TryParseV2 for `::name props::data` after TrimStart, then TryParse for `##[name props]data` anywhere in the line).
// The runner compares culture-sensitively, so characters collation ignores do not separate `:` from `:`: each line
// is read once as written and once with those characters removed, and a command found either way counts. This reads
// at least what the runner reads.

import { afterEach, beforeEach, jest } from '@jest/globals'

/** The commands a runner registers (ActionCommandManager.Initialize and the command extensions). */
export const RUNNER_COMMANDS = [
  'stop-commands',
  'set-env',
  'set-output',
  'save-state',
  'add-mask',
  'add-path',
  'add-matcher',
  'remove-matcher',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo'
]

export interface RunnerCommand {
  /** Lower-cased, as the runner matches it. */
  name: string
  properties: Record<string, string>
  data: string
  /** The line as the action wrote it. */
  line: string
  form: '::' | '##['
}

/** What the code under test writes to stdout, captured for each test of the file (nothing reaches the terminal). */
export function captureStdout(onWrite?: (text: string) => void): { text(): string; chunks: string[] } {
  const chunks: string[] = []
  beforeEach(() => {
    chunks.length = 0
    jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      chunks.push(String(chunk))
      onWrite?.(String(chunk))
      return true
    })
  })
  afterEach(() => {
    jest.restoreAllMocks()
  })
  return { text: () => chunks.join(''), chunks }
}

export interface RunnerReading {
  /** Every line the runner takes as a command, in order (stop-commands and the line that resumes included). */
  commands: RunnerCommand[]
  /** Values the runner masks from then on (add-mask, and stop tokens longer than 6 characters). */
  masks: string[]
  /** What a person sees: output lines and the text of debug lines, annotations and groups, with masks applied. */
  shown: string[]
  /** stop-commands tokens the runner refuses (empty, `pause-logging`, a command's name): the step fails. */
  refusedStops: string[]
  /** Command processing is still stopped after the last line. */
  stopped: boolean
}

// .NET's Char.IsWhiteSpace: what String.TrimStart removes.
const DOTNET_WHITESPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/
// Characters ICU collation ignores (control and format characters, default ignorables).
const IGNORABLE = /[\p{Cc}\p{Cf}\p{DI}]/gu

/** The lines the runner reads from one stream: StreamReader.ReadLine ends a line at \n, \r or \r\n. */
export function runnerLines(stream: string): string[] {
  const lines = stream.split(/\r\n|\r|\n/)
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** Reads the output streams (stdout, then stderr) with one command manager, as the runner's node handler does. */
export function readAsRunner(...streams: string[]): RunnerReading {
  const registered = new Set(RUNNER_COMMANDS)
  const reading: RunnerReading = { commands: [], masks: [], shown: [], refusedStops: [], stopped: false }
  let token: string | undefined
  const show = (text: string) => reading.shown.push(mask(text, reading.masks))

  for (const stream of streams)
    for (const line of runnerLines(stream)) {
      const command = parseLine(line, registered)
      if (!command || (reading.stopped && command.name !== token)) {
        show(line)
        continue
      }
      reading.commands.push(command)
      if (reading.stopped) {
        registered.delete(token!)
        reading.stopped = false
        token = undefined
        continue
      }
      switch (command.name) {
        case 'stop-commands':
          if (
            !command.data ||
            registered.has(command.data.toLowerCase()) ||
            /^pause-logging$/i.test(command.data)
          )
            reading.refusedStops.push(command.data)
          else {
            token = command.data.toLowerCase()
            registered.add(token)
            reading.stopped = true
            if (command.data.length > 6) reading.masks.push(command.data)
          }
          break
        case 'add-mask':
          if (command.data.trim()) reading.masks.push(command.data)
          break
        case 'debug':
        case 'warning':
        case 'error':
        case 'notice':
        case 'group':
          show(command.data)
          if (command.properties.title) show(command.properties.title)
          break
      }
    }
  return reading
}

/** TryParseV2, then TryParse; as written, then without the characters collation ignores. */
export function parseLine(line: string, registered: ReadonlySet<string> = new Set(RUNNER_COMMANDS)) {
  const visible = line.replace(IGNORABLE, '')
  return (
    parseV2(line, registered) ??
    parseV1(line, registered) ??
    parseV2(visible, registered) ??
    parseV1(visible, registered)
  )
}

function parseV2(line: string, registered: ReadonlySet<string>): RunnerCommand | undefined {
  const message = line.replace(DOTNET_WHITESPACE, '')
  if (!message.startsWith('::')) return undefined
  const end = message.indexOf('::', 2)
  if (end < 0) return undefined
  const info = commandInfo(message.slice(2, end), registered, ',', PROPERTY_ESCAPES)
  return info && { ...info, data: unescape(message.slice(end + 2), DATA_ESCAPES), line, form: '::' }
}

function parseV1(line: string, registered: ReadonlySet<string>): RunnerCommand | undefined {
  const prefix = line.indexOf('##[')
  if (prefix < 0) return undefined
  const bracket = line.indexOf(']', prefix)
  if (bracket < 0) return undefined
  const info = commandInfo(line.slice(prefix + 3, bracket), registered, ';', LEGACY_ESCAPES)
  return info && { ...info, data: unescape(line.slice(bracket + 1), LEGACY_ESCAPES), line, form: '##[' }
}

/** `name key=value<separator>key=value`: the name, if registered, and the properties. */
function commandInfo(
  info: string,
  registered: ReadonlySet<string>,
  separator: string,
  escapes: [string, string][]
): Pick<RunnerCommand, 'name' | 'properties'> | undefined {
  const space = info.indexOf(' ')
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!registered.has(name)) return undefined
  const properties: Record<string, string> = {}
  const list = space > 0 ? info.slice(space + 1) : ''
  // TryParseV2 trims the property list; TryParse does not.
  for (const pair of (separator === ',' ? list.trim() : list).split(separator).filter(Boolean)) {
    const [key, value] = splitOnce(pair, '=')
    if (key && value) properties[key] = unescape(value, escapes)
  }
  return { name, properties }
}

/** String.Split('=', 2, RemoveEmptyEntries). */
function splitOnce(text: string, separator: string): string[] {
  const at = text.indexOf(separator)
  return (at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)]).filter(Boolean)
}

// The runner's unescaping tables, applied in its order.
const DATA_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%']
]
const PROPERTY_ESCAPES: [string, string][] = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%']
]
const LEGACY_ESCAPES: [string, string][] = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%']
]

function unescape(text: string, table: [string, string][]): string {
  return table.reduce((out, [escaped, plain]) => out.split(escaped).join(plain), text)
}

function mask(text: string, masks: readonly string[]): string {
  return masks.reduce((out, secret) => out.split(secret).join('***'), text)
}

/** Every way a line can try to talk to the runner; each command's own text starts with INJECTED. */
export const HOSTILE_LINES = [
  '::stop-commands::x',
  '::add-mask::INJECTED-mask',
  '::warning::INJECTED-warning',
  '::set-output name=INJECTED::value',
  '##[warning]INJECTED-legacy',
  '::',
  '::x::',
  '  \t::error title=INJECTED::indented',
  'text before ##[error]INJECTED-legacy-inside',
  '\u200b::warning::INJECTED-zero-width',
  '##\u200b[warning]INJECTED-zero-width-legacy',
  '\u001b[31m::warning::INJECTED-colour',
  '::Warning::INJECTED-case',
  '::stop-commands::'
]

/** What the action itself issues: masks, groups, debug lines, annotations, and stop-commands fences around builds. */
const OWN_COMMANDS = new Set(['add-mask', 'group', 'endgroup', 'debug', 'warning', 'error'])
const OWN_FENCE = /^[0-9a-f]{32}$/

/**
 * Commands in the reading that the action did not mean: any kind it never issues, a fence that is not its own,
 * a mask of a value that is not one of `secrets`, and any command whose own text starts with `marker` (text from
 * outside carried into a command of its own, rather than quoted inside one of the action's).
 */
export function unintendedCommands(
  reading: RunnerReading,
  options: { secrets: readonly string[]; marker: string }
): RunnerCommand[] {
  const fences = new Set<string>()
  return reading.commands.filter(c => {
    if (c.name === 'stop-commands') {
      if (!OWN_FENCE.test(c.data)) return true
      fences.add(c.data)
      return false
    }
    if (fences.has(c.name)) return false // the line that ends one of the action's fences
    if (!OWN_COMMANDS.has(c.name)) return true
    if (c.name === 'add-mask') return !options.secrets.includes(c.data)
    const text = [c.data, ...Object.values(c.properties)]
    return text.some(t => t.trimStart().startsWith(options.marker))
  })
}
