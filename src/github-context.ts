// The GitHub context of this run, read from the runner's variables and its event file: what @actions/github's
// `context` reads, without the GitHub API client (octokit, undici) that package loads and this action never uses.
import * as fs from 'node:fs'
import type { GithubContext } from './release.js'

/** The event file named by GITHUB_EVENT_PATH is missing, unreadable or not a JSON object. */
export class EventFileError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EventFileError'
  }
}

export type ReadText = (file: string) => string

const readUtf8: ReadText = file => fs.readFileSync(file, 'utf8')

/**
 * The context with @actions/github's defaults: an empty payload without GITHUB_EVENT_PATH, `https://github.com`
 * without GITHUB_SERVER_URL, run numbers parsed as base-10 integers (NaN when unset). Unlike that package, a
 * GITHUB_EVENT_PATH that names no readable JSON object is an error, thrown when called, not at import.
 */
export function readGithubContext(env: NodeJS.ProcessEnv, readText: ReadText = readUtf8): GithubContext {
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    payload: env.GITHUB_EVENT_PATH ? readEventPayload(env.GITHUB_EVENT_PATH, readText) : {},
    sha: env.GITHUB_SHA ?? '',
    ref: env.GITHUB_REF ?? '',
    runNumber: parseInt(env.GITHUB_RUN_NUMBER ?? '', 10),
    runAttempt: parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10),
    runId: parseInt(env.GITHUB_RUN_ID ?? '', 10),
    repository: env.GITHUB_REPOSITORY ?? '',
    serverUrl: env.GITHUB_SERVER_URL ?? 'https://github.com'
  }
}

const advice =
  'The runner writes the triggering event there; outside a workflow, point GITHUB_EVENT_PATH at a JSON file with an event payload, or unset it.'

function readEventPayload(file: string, readText: ReadText): Record<string, unknown> {
  let text: string
  try {
    text = readText(file)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const problem =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'cannot be read: permission denied'
            : `cannot be read (${code ?? (error as Error).message})`
    throw new EventFileError(`The event file ${file} (GITHUB_EVENT_PATH) ${problem}. ${advice}`)
  }
  let payload: unknown
  try {
    payload = JSON.parse(text)
  } catch (error) {
    throw new EventFileError(
      `The event file ${file} (GITHUB_EVENT_PATH) is not valid JSON: ${jsonProblem(error as Error, text)}. ${advice}`
    )
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    throw new EventFileError(
      `The event file ${file} (GITHUB_EVENT_PATH) holds ${jsonKind(payload)}, not an event payload (a JSON object). ${advice}`
    )
  return payload as Record<string, unknown>
}

/**
 * JSON.parse's reason and where (line and column, the same on every Node version), without the piece of the
 * file that Node quotes for short inputs: the file is not ours to print.
 */
function jsonProblem(error: Error, text: string): string {
  const position = /at position (\d+)/.exec(error.message)
  let reason = error.message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/[^\x20-\x7e]/g, '?')
  if (position) {
    const before = text.slice(0, Number(position[1])).split('\n')
    reason += ` at line ${before.length}, column ${(before.at(-1) ?? '').length + 1}`
  }
  return reason.charAt(0).toLowerCase() + reason.slice(1)
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}
