// Injected faults: throttling, server errors, dropped connections and latency, repeatable under a seed.
import { AwsError } from './errors.js'

/** A share of calls (rate, 0..1) and/or the next `burst` calls, optionally only for some operations. */
export interface FaultRule {
  rate?: number
  burst?: number
  /** "DescribeServices" or "ecs:DescribeServices"; all operations when absent. */
  operations?: string[]
}

export interface FaultScenario {
  throttle?: FaultRule
  serverErrors?: FaultRule & { type?: 'ServerException' | 'ServiceUnavailable' }
  drop?: FaultRule
  latency?: { ms: number; operations?: string[] }
  /** Restart the random sequence from this seed. */
  seed?: number
}

export type FaultDecision =
  | { kind: 'none'; latencyMs: number }
  | { kind: 'error'; error: AwsError; latencyMs: number }
  | { kind: 'drop'; latencyMs: number }

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

function checkRule(rule: FaultRule | undefined, name: string): void {
  if (!rule) return
  if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) {
    throw new Error(`faults.${name}.rate must be a number from 0 to 1, got ${JSON.stringify(rule.rate)}`)
  }
  if (rule.burst !== undefined && !(Number.isInteger(rule.burst) && rule.burst >= 0)) {
    throw new Error(`faults.${name}.burst must be a whole number of calls, got ${JSON.stringify(rule.burst)}`)
  }
  if (rule.operations !== undefined && !Array.isArray(rule.operations)) {
    throw new Error(`faults.${name}.operations must be a list of operation names`)
  }
}

export class Faults {
  private random: () => number
  private scenario: FaultScenario = {}
  // Remaining burst counts, consumed as matching calls arrive.
  private bursts = { throttle: 0, serverErrors: 0, drop: 0 }

  constructor(private readonly seed = 1) {
    this.random = seededRandom(seed)
  }

  set(scenario: FaultScenario): void {
    checkRule(scenario.throttle, 'throttle')
    checkRule(scenario.serverErrors, 'serverErrors')
    checkRule(scenario.drop, 'drop')
    if (
      scenario.latency !== undefined &&
      !(typeof scenario.latency.ms === 'number' && scenario.latency.ms >= 0)
    ) {
      throw new Error('faults.latency.ms must be a number of milliseconds (0 or more)')
    }
    this.scenario = scenario
    this.bursts = {
      throttle: scenario.throttle?.burst ?? 0,
      serverErrors: scenario.serverErrors?.burst ?? 0,
      drop: scenario.drop?.burst ?? 0
    }
    this.random = seededRandom(scenario.seed ?? this.seed)
  }

  current(): FaultScenario {
    return this.scenario
  }

  /** Decides what happens to one call of `service:operation`. */
  decide(service: string, operation: string): FaultDecision {
    const applies = (operations: string[] | undefined) =>
      !operations || operations.some(o => o === operation || o === `${service}:${operation}`)
    const latency = this.scenario.latency
    const latencyMs = latency && applies(latency.operations) ? latency.ms : 0
    const hit = (key: 'throttle' | 'serverErrors' | 'drop'): boolean => {
      const rule = this.scenario[key]
      if (!rule || !applies(rule.operations)) return false
      if (this.bursts[key] > 0) {
        this.bursts[key] -= 1
        return true
      }
      // Draw only for rules with a rate, so adding a burst elsewhere does not shift the sequence.
      return rule.rate !== undefined && rule.rate > 0 && this.random() < rule.rate
    }
    if (hit('drop')) return { kind: 'drop', latencyMs }
    if (hit('serverErrors')) {
      const type = this.scenario.serverErrors?.type ?? 'ServerException'
      const error =
        type === 'ServiceUnavailable'
          ? new AwsError('ServiceUnavailable', 'Service is unavailable. Please try again later.', 503)
          : new AwsError('ServerException', 'We encountered an internal error. Please try again.', 500)
      return { kind: 'error', error, latencyMs }
    }
    if (hit('throttle'))
      return { kind: 'error', error: new AwsError('ThrottlingException', 'Rate exceeded', 400), latencyMs }
    return { kind: 'none', latencyMs }
  }
}
