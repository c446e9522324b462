// CloudWatch Logs reads (GetLogEvents, FilterLogEvents) over the ECS model's container logs and scripted streams.
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

  constructor(
    private readonly region: string,
    private readonly accountId: string,
    private readonly modelStreams: () => Streams
  ) {}

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
    const group = this.group(input)
    const groupExists = [...streams.keys()].some(k => k.startsWith(group + '\n'))
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
      `The stand-in does not implement CloudWatch Logs ${operation}; it serves GetLogEvents and FilterLogEvents`
    )
  }
}
