// Injected faults: throttling, server errors, dropped connections and latency, repeatable under a seed.
import { AwsError } from './errors.js'

/** A share of calls (rate, 0..1) and/or the next `burst` calls, optionally only for some operations. */
export interface FaultRule {
  rate?: number
  burst?: number
  /** "DescribeServices", "ecs:DescribeServices" or a whole service "ecs:*"; all operations when absent. */
  operations?: string[]
}

export type ServerErrorRule = FaultRule & { type?: 'ServerException' | 'ServiceUnavailable' }

/**
 * `before` (the default): the request never reaches the service. `after`: the service does the call and the answer
 * is lost, which is what a real network does to a client and why a blind retry can do a call twice.
 */
export type DropRule = FaultRule & { when?: 'before' | 'after' }

/** Each kind takes one rule or a list (e.g. a rate everywhere plus a burst per service); a call is hit by the first. */
export interface FaultScenario {
  throttle?: FaultRule | FaultRule[]
  serverErrors?: ServerErrorRule | ServerErrorRule[]
  drop?: DropRule | DropRule[]
  latency?: { ms: number; operations?: string[] }
  /** Restart the random sequence from this seed. */
  seed?: number
}

/** What a recorded request says was injected into it. */
export type InjectedFault = 'throttle' | 'server-error' | 'drop' | 'drop-after'

export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'error'; error: AwsError; latencyMs: number; fault: InjectedFault }
  | { kind: 'drop'; latencyMs: number; when?: 'after' }

/** mulberry32: a tiny PRNG that is good enough for picking which calls fail. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Kind = 'throttle' | 'serverErrors' | 'drop'
const KINDS: Kind[] = ['drop', 'serverErrors', 'throttle']

function rulesOf<R extends FaultRule>(value: R | R[] | undefined): R[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value]
}

function checkRule(rule: FaultRule & { when?: unknown }, name: string): void {
  if (typeof rule !== 'object' || rule === null) throw new Error(`faults.${name} must be an object`)
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new Error(`faults.${name}.rate must be a number from 0 to 1, got ${JSON.stringify(rule.rate)}`)
  }
  if (rule.burst !== undefined && !(Number.isInteger(rule.burst) && rule.burst >= 0)) {
    throw new Error(`faults.${name}.burst must be a whole number of calls, got ${JSON.stringify(rule.burst)}`)
  }
  if (rule.operations !== undefined && !Array.isArray(rule.operations)) {
    throw new Error(`faults.${name}.operations must be a list of operation names`)
  }
  if (rule.when !== undefined && rule.when !== 'before' && rule.when !== 'after') {
    throw new Error(`faults.${name}.when must be "before" or "after", got ${JSON.stringify(rule.when)}`)
  }
}

function matches(operations: string[] | undefined, service: string, operation: string): boolean {
  return (
    !operations ||
    operations.some(o => o === operation || o === `${service}:${operation}` || o === `${service}:*`)
  )
}

export class Faults {
  private random: () => number
  private scenario: FaultScenario = {}
  // Per rule, in the scenario's order: the remaining burst, consumed as matching calls arrive.
  private bursts: Record<Kind, number[]> = { throttle: [], serverErrors: [], drop: [] }

  constructor(private readonly seed = 1) {
    this.random = seededRandom(seed)
  }

  set(scenario: FaultScenario): void {
    for (const kind of KINDS) {
      const rules = rulesOf<FaultRule>(scenario[kind])
      rules.forEach((rule, i) => checkRule(rule, Array.isArray(scenario[kind]) ? `${kind}[${i}]` : kind))
    }
    if (
      scenario.latency !== undefined &&
      !(typeof scenario.latency.ms === 'number' && scenario.latency.ms >= 0)
    ) {
      throw new Error('faults.latency.ms must be a number of milliseconds (0 or more)')
    }
    this.scenario = scenario
    this.bursts = {
      throttle: rulesOf(scenario.throttle).map(r => r.burst ?? 0),
      serverErrors: rulesOf(scenario.serverErrors).map(r => r.burst ?? 0),
      drop: rulesOf(scenario.drop).map(r => r.burst ?? 0)
    }
    this.random = seededRandom(scenario.seed ?? this.seed)
  }

  current(): FaultScenario {
    return this.scenario
  }

  /** Decides what happens to one call of `service:operation`. */
  decide(service: string, operation: string): FaultDecision {
    const latency = this.scenario.latency
    const latencyMs = latency && matches(latency.operations, service, operation) ? latency.ms : 0
    /** The first rule of this kind that hits the call. */
    const hit = <R extends FaultRule>(kind: Kind): R | undefined => {
      const rules = rulesOf(this.scenario[kind] as R | R[] | undefined)
      return rules.find((rule, i) => {
        if (!matches(rule.operations, service, operation)) return false
        const left = this.bursts[kind][i] ?? 0
        if (left > 0) {
          this.bursts[kind][i] = left - 1
          return true
        }
        // Draw only for rules with a rate, so adding a burst elsewhere does not shift the sequence.
        return rule.rate !== undefined && rule.rate > 0 && this.random() < rule.rate
      })
    }
    const drop = hit<DropRule>('drop')
    if (drop)
      return drop.when === 'after' ? { kind: 'drop', latencyMs, when: 'after' } : { kind: 'drop', latencyMs }
    const serverError = hit<ServerErrorRule>('serverErrors')
    if (serverError) {
      const error =
        serverError.type === 'ServiceUnavailable'
          ? new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503)
          : new AwsError('ServerException', 'We encountered an internal error. Please try again.', 500)
      return { kind: 'error', error, latencyMs, fault: 'server-error' }
    }
    if (hit('throttle'))
      return {
        kind: 'error',
        error: new AwsError('ThrottlingException', 'Rate exceeded', 400),
        latencyMs,
        fault: 'throttle'
      }
    return { kind: 'none', latencyMs }
  }
}
