// CloudWatch Logs reads (GetLogEvents, FilterLogEvents, DescribeLogGroups) over the ECS model's container logs and
// scripted streams, and CreateLogGroup. A log group exists once created or once a stream of it has events.
import type { IamCheck } from './contract.js'
import { AwsError } from './errors.js'

export interface LogEvent {
  timestamp: number
  message: string
}

type Streams = Map<string, LogEvent[]> // keyed `${group}\n${stream}`

const key = (group: string, stream: string) => `${group}\n${stream}`

/** CloudWatch's filter pattern, in its simplest form: terms that must all appear; "quoted phrases" stay whole. */
export function matchesFilter(pattern: string | undefined, message: string): boolean {
  if (!pattern || !pattern.trim()) return true
  const terms = [...pattern.matchAll(/"([^"]*)"|(\S+)/g)].map(m => m[1] ?? m[2] ?? '')
  return terms.every(term => message.includes(term))
}

export class Logs {
  /** Streams scripted through the control API, on top of what the ECS model wrote. */
  readonly scripted: Streams = new Map()
  /** Log groups made with CreateLogGroup (or the emulator's logGroups option): name → creation time. */
  readonly created = new Map<string, number>()

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    private readonly modelStreams: () => Streams,
    private readonly now: () => number = () => Date.now()
  ) {}

  createLogGroup(name: string): void {
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`
      )
    }
    if (this.groupNames(this.all()).includes(name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
    }
    this.created.set(name, this.now())
  }

  private groupNames(streams: Streams): string[] {
    const fromStreams = [...streams.keys()].map(k => k.split('\n')[0] ?? '')
    return [...new Set([...this.created.keys(), ...fromStreams])].sort()
  }

  addEvents(group: string, stream: string, events: LogEvent[]): void {
    const list = this.scripted.get(key(group, stream)) ?? []
    list.push(...events)
    this.scripted.set(key(group, stream), list)
  }

  private all(): Streams {
    const merged: Streams = new Map()
    for (const source of [this.modelStreams(), this.scripted]) {
      for (const [k, events] of source) merged.set(k, [...(merged.get(k) ?? []), ...events])
    }
    for (const events of merged.values()) events.sort((a, b) => a.timestamp - b.timestamp)
    return merged
  }

  private group(input: Record<string, unknown>): string {
    const identifier = input['logGroupIdentifier']
    const name =
      input['logGroupName'] ??
      (typeof identifier === 'string'
        ? identifier.replace(/^arn:.*:log-group:/, '').replace(/:\*$/, '')
        : undefined)
    if (typeof name !== 'string' || !name) {
      throw new AwsError(
        'InvalidParameterException',
        'Either logGroupName or logGroupIdentifier must be given'
      )
    }
    return name
  }

  iamChecks(operation: string, input: Record<string, unknown>): IamCheck[] {
    if (operation === 'DescribeLogGroups') {
      return [
        {
          action: 'logs:DescribeLogGroups',
          resource: `arn:aws:logs:${this.region}:${this.accountId}:log-group:*`
        }
      ]
    }
    const groupArn = `arn:aws:logs:${this.region}:${this.accountId}:log-group:${String(input['logGroupName'] ?? input['logGroupIdentifier'] ?? '*')}`
    if (operation === 'GetLogEvents') {
      return [
        {
          action: 'logs:GetLogEvents',
          resource: `${groupArn}:log-stream:${String(input['logStreamName'] ?? '*')}`
        }
      ]
    }
    return [{ action: `logs:${operation}`, resource: `${groupArn}:*` }]
  }

  handle(operation: string, input: Record<string, unknown>): unknown {
    const streams = this.all()
    if (operation === 'DescribeLogGroups') return this.describeLogGroups(streams, input)
    const group = this.group(input)
    if (operation === 'CreateLogGroup') {
      this.createLogGroup(group)
      return {}
    }
    const groupExists = this.groupNames(streams).includes(group)
    if (!groupExists)
      throw new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
    const start = typeof input['startTime'] === 'number' ? input['startTime'] : -Infinity
    const end = typeof input['endTime'] === 'number' ? input['endTime'] : Infinity
    const limit = typeof input['limit'] === 'number' ? input['limit'] : 10000
    const inRange = (e: LogEvent) => e.timestamp >= start && e.timestamp < end

    if (operation === 'GetLogEvents') {
      const stream = String(input['logStreamName'] ?? '')
      const events = streams.get(key(group, stream))
      if (!events) throw new AwsError('ResourceNotFoundException', 'The specified log stream does not exist.')
      const selected = events.filter(inRange)
      const token = typeof input['nextToken'] === 'string' ? input['nextToken'] : undefined
      let from: number
      let to: number
      if (token?.startsWith('b/')) {
        to = Number(token.slice(2))
        from = Math.max(0, to - limit)
      } else if (token?.startsWith('f/')) {
        from = Number(token.slice(2))
        to = Math.min(selected.length, from + limit)
      } else if (input['startFromHead'] === true) {
        from = 0
        to = Math.min(selected.length, limit)
      } else {
        to = selected.length
        from = Math.max(0, to - limit)
      }
      return {
        events: selected
          .slice(from, to)
          .map(e => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.timestamp })),
        nextForwardToken: `f/${to}`,
        nextBackwardToken: `b/${from}`
      }
    }

    if (operation === 'FilterLogEvents') {
      const names = Array.isArray(input['logStreamNames']) ? (input['logStreamNames'] as string[]) : undefined
      const prefix =
        typeof input['logStreamNamePrefix'] === 'string' ? input['logStreamNamePrefix'] : undefined
      const pattern = typeof input['filterPattern'] === 'string' ? input['filterPattern'] : undefined
      const found: {
        logStreamName: string
        timestamp: number
        message: string
        ingestionTime: number
        eventId: string
      }[] = []
      for (const [k, events] of streams) {
        const [g, stream] = k.split('\n') as [string, string]
        if (g !== group) continue
        if (names && !names.includes(stream)) continue
        if (prefix && !stream.startsWith(prefix)) continue
        events.forEach((e, i) => {
          if (inRange(e) && matchesFilter(pattern, e.message)) {
            found.push({
              logStreamName: stream,
              timestamp: e.timestamp,
              message: e.message,
              ingestionTime: e.timestamp,
              eventId: `${e.timestamp}-${stream}-${i}`
            })
          }
        })
      }
      found.sort((a, b) => a.timestamp - b.timestamp)
      const offset = typeof input['nextToken'] === 'string' ? Number(input['nextToken']) || 0 : 0
      const page = found.slice(offset, offset + limit)
      const next = offset + limit < found.length ? String(offset + limit) : undefined
      return { events: page, ...(next ? { nextToken: next } : {}) }
    }
    throw new AwsError(
      'UnknownOperationException',
      `The stand-in does not implement CloudWatch Logs ${operation}; it serves GetLogEvents, FilterLogEvents, DescribeLogGroups and CreateLogGroup`
    )
  }

  private describeLogGroups(streams: Streams, input: Record<string, unknown>): unknown {
    const prefix = typeof input['logGroupNamePrefix'] === 'string' ? input['logGroupNamePrefix'] : undefined
    const pattern =
      typeof input['logGroupNamePattern'] === 'string' ? input['logGroupNamePattern'] : undefined
    if (prefix !== undefined && pattern !== undefined) {
      throw new AwsError(
        'InvalidParameterException',
        'LogGroupNamePrefix and LogGroupNamePattern are mutually exclusive parameters.'
      )
    }
    const limit = typeof input['limit'] === 'number' ? input['limit'] : 50
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
      throw new AwsError(
        'InvalidParameterException',
        `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50`
      )
    }
    const names = this.groupNames(streams).filter(
      name =>
        (prefix === undefined || name.startsWith(prefix)) &&
        (pattern === undefined || name.toLowerCase().includes(pattern.toLowerCase()))
    )
    const offset = typeof input['nextToken'] === 'string' ? Number(input['nextToken']) || 0 : 0
    const logGroups = names.slice(offset, offset + limit).map(name => {
      const arn = `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`
      const events = [...streams].filter(([k]) => k.startsWith(`${name}\n`)).flatMap(([, list]) => list)
      const creationTime = this.created.get(name) ?? Math.min(...events.map(e => e.timestamp))
      return {
        logGroupName: name,
        creationTime,
        metricFilterCount: 0,
        arn: `${arn}:*`,
        storedBytes: events.reduce((n, e) => n + Buffer.byteLength(e.message), 0),
        logGroupClass: 'STANDARD',
        logGroupArn: arn
      }
    })
    const next = offset + limit < names.length ? String(offset + limit) : undefined
    return next === undefined ? { logGroups } : { logGroups, nextToken: next }
  }
}
