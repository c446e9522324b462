import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals'
import { ListClustersCommand } from '@aws-sdk/client-ecs'
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { Faults, seededRandom, type FaultScenario } from '../faults.js'
import { startEmulator, type Emulator } from '../index.js'
import { clients, failure } from './support.js'

function outcomes(faults: Faults, calls: number, operation = 'DescribeServices'): string[] {
  return Array.from({ length: calls }, () => {
    const d = faults.decide('ecs', operation)
    return d.kind === 'error' ? d.error.type : d.kind
  })
}

describe('Faults (pure)', () => {
  it('repeats the same sequence for the same seed, and another for another seed', () => {
    const scenario: FaultScenario = { throttle: { rate: 0.3 }, serverErrors: { rate: 0.1 } }
    const a = new Faults(7)
    const b = new Faults(7)
    const c = new Faults(8)
    a.set(scenario)
    b.set(scenario)
    c.set(scenario)
    const first = outcomes(a, 200)
    expect(outcomes(b, 200)).toEqual(first)
    expect(outcomes(c, 200)).not.toEqual(first)
    const throttled = first.filter(o => o === 'ThrottlingException').length
    expect(throttled).toBeGreaterThan(30) // roughly 0.3 of the ~180 calls the server-error rule let through
    expect(throttled).toBeLessThan(90)
    // Setting the scenario again restarts the sequence.
    a.set(scenario)
    expect(outcomes(a, 200)).toEqual(first)
  })

  it('fails exactly the next N matching calls for a burst, and only the named operations', () => {
    const faults = new Faults()
    faults.set({ throttle: { burst: 2, operations: ['ecs:UpdateService'] } })
    expect(outcomes(faults, 2, 'DescribeServices')).toEqual(['none', 'none'])
    expect(outcomes(faults, 3, 'UpdateService')).toEqual([
      'ThrottlingException',
      'ThrottlingException',
      'none'
    ])
  })

  it('drops connections and answers 5xx as configured, with latency', () => {
    const faults = new Faults()
    faults.set({
      drop: { burst: 1 },
      serverErrors: { burst: 1, type: 'ServiceUnavailable' },
      latency: { ms: 25, operations: ['ListTasks'] }
    })
    expect(faults.decide('ecs', 'ListTasks')).toEqual({ kind: 'drop', latencyMs: 25 })
    const next = faults.decide('ecs', 'DescribeTasks')
    expect(next.kind === 'error' && [next.error.type, next.error.status]).toEqual(['ServiceUnavailable', 503])
    expect(faults.decide('ecs', 'DescribeTasks')).toEqual({ kind: 'none', latencyMs: 0 })
  })

  it('refuses a bad rate with a message naming the field', () => {
    expect(() => new Faults().set({ throttle: { rate: 2 } })).toThrow(
      'faults.throttle.rate must be a number from 0 to 1, got 2'
    )
  })

  it('seededRandom stays within [0, 1)', () => {
    const random = seededRandom(42)
    const values = Array.from({ length: 1000 }, random)
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...values)).toBeLessThan(1)
  })
})

describe('Faults on the wire', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3 })
  })
  afterAll(async () => {
    await emulator.stop()
  })
  beforeEach(() => {
    emulator.setScenario({ faults: {} })
    emulator.requests.length = 0
  })

  it('throttles with ThrottlingException "Rate exceeded", which the SDK retries', async () => {
    emulator.setScenario({ faults: { throttle: { burst: 2, operations: ['ListClusters'] } } })
    const retrying = clients(emulator.url, undefined, 3).ecs
    await expect(retrying.send(new ListClustersCommand({}))).resolves.toBeDefined()
    expect(emulator.requests.map(r => [r.operation, r.status, r.errorType])).toEqual([
      ['ListClusters', 400, 'ThrottlingException'],
      ['ListClusters', 400, 'ThrottlingException'],
      ['ListClusters', 200, undefined]
    ])
    retrying.destroy()

    emulator.setScenario({ faults: { throttle: { burst: 1 } } })
    const once = clients(emulator.url).ecs
    expect(await failure(once.send(new ListClustersCommand({})))).toMatchObject({
      name: 'ThrottlingException',
      message: 'Rate exceeded',
      status: 400
    })
    once.destroy()
  })

  it('answers ServerException 500, and Throttling in STS XML', async () => {
    emulator.setScenario({
      faults: { serverErrors: { burst: 1 }, throttle: { burst: 1, operations: ['sts:GetCallerIdentity'] } }
    })
    const { ecs, sts } = clients(emulator.url)
    expect(await failure(ecs.send(new ListClustersCommand({})))).toMatchObject({
      name: 'ServerException',
      status: 500
    })
    expect(await failure(sts.send(new GetCallerIdentityCommand({})))).toMatchObject({
      name: 'Throttling',
      message: 'Rate exceeded'
    })
    ecs.destroy()
    sts.destroy()
  })

  it('drops the connection without an answer and records it', async () => {
    emulator.setScenario({ faults: { drop: { burst: 1 } } })
    const { ecs } = clients(emulator.url)
    const error = await failure(ecs.send(new ListClustersCommand({})))
    expect(error.status).toBeUndefined()
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'ListClusters',
      status: 0,
      errorType: 'ConnectionDropped'
    })
    ecs.destroy()
  })
})
