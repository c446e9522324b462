// Following a container's awslogs stream with GetLogEvents forward tokens: which stream, and what is new. Pure.
import { isObject, type AnyTaskDefinition, asRecord } from '../taskdef/types.js'

export interface LogStream {
  region?: string
  group: string
  stream: string
}

/** The awslogs options of one container; undefined when it logs elsewhere. */
export function awslogsOptions(
  td: AnyTaskDefinition,
  container: string
): Record<string, unknown> | undefined {
  const defs = asRecord(td).containerDefinitions
  const def = Array.isArray(defs) ? defs.find(c => isObject(c) && c.name === container) : undefined
  const log = isObject(def) ? def.logConfiguration : undefined
  if (!isObject(log) || log.logDriver !== 'awslogs' || !isObject(log.options)) return undefined
  return log.options
}

/** The awslogs stream of `container` in task `taskId`: `<prefix>/<container>/<task id>`; undefined without one. */
export function logStreamOf(td: AnyTaskDefinition, container: string, taskId: string): LogStream | undefined {
  const options = awslogsOptions(td, container)
  if (!options) return undefined
  const group = options['awslogs-group']
  const prefix = options['awslogs-stream-prefix']
  if (typeof group !== 'string' || typeof prefix !== 'string' || group === '' || prefix === '')
    return undefined
  const region = options['awslogs-region']
  return {
    group,
    stream: `${prefix}/${container}/${taskId}`,
    ...(typeof region === 'string' && region !== '' ? { region } : {})
  }
}

/** One GetLogEvents page, as the reader returns it. */
export interface LogPage {
  lines: string[]
  nextForwardToken?: string
}

/** Where the reading stands: the token to ask with next, and the last lines seen (for a failure's message). */
export interface LogFollowState {
  token?: string
  last: string[]
  total: number
}

export const LAST_LINES = 20

export function startLogFollow(): LogFollowState {
  return { last: [], total: 0 }
}

/**
 * The state after a page, and whether to read on at once. The end of the stream, for now, is the page that
 * returns the token it was asked with (CloudWatch Logs' own rule), or no token at all.
 */
export function afterLogPage(
  state: LogFollowState,
  page: LogPage,
  keep = LAST_LINES
): { state: LogFollowState; more: boolean } {
  const atEnd = page.nextForwardToken === undefined || page.nextForwardToken === state.token
  return {
    state: {
      token: page.nextForwardToken ?? state.token,
      last: [...state.last, ...page.lines].slice(-keep),
      total: state.total + page.lines.length
    },
    more: !atEnd && page.lines.length > 0
  }
}
