import { describe, it, expect, beforeAll, afterAll, beforeEach } from '@jest/globals'
import {
  ListClustersCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand
} from '@aws-sdk/client-ecs'
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

  it('takes a list of rules per kind, each with its own burst, and "service:*" for a whole service', () => {
    const faults = new Faults()
    faults.set({
      serverErrors: [
        { burst: 1, operations: ['sts:*'] },
        { burst: 2, operations: ['ecs:UpdateService'] }
      ]
    })
    const decide = (service: string, operation: string) => {
      const d = faults.decide(service, operation)
      return d.kind === 'error' ? d.fault : d.kind
    }
    expect(decide('ecs', 'UpdateService')).toBe('server-error')
    expect(decide('sts', 'GetCallerIdentity')).toBe('server-error')
    expect(decide('sts', 'GetCallerIdentity')).toBe('none')
    expect(decide('ecs', 'UpdateService')).toBe('server-error')
    expect(decide('ecs', 'UpdateService')).toBe('none')
  })

  it('drops before processing by default, and after it when asked', () => {
    const faults = new Faults()
    faults.set({
      drop: [
        { burst: 1, operations: ['ListTasks'] },
        { burst: 1, when: 'after' }
      ]
    })
    expect(faults.decide('ecs', 'ListTasks')).toEqual({ kind: 'drop', latencyMs: 0 })
    expect(faults.decide('ecs', 'ListTasks')).toEqual({ kind: 'drop', latencyMs: 0, when: 'after' })
    expect(faults.decide('ecs', 'ListTasks')).toEqual({ kind: 'none', latencyMs: 0 })
    expect(() => new Faults().set({ drop: [{ burst: 1, when: 'later' as 'after' }] })).toThrow(
      'faults.drop[0].when must be "before" or "after", got "later"'
    )
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

  it('drops the answer after doing the call: the revision exists, and a blind retry registers another', async () => {
    const family = `dropped-after-${Date.now()}`
    const definition = {
      family,
      containerDefinitions: [{ name: 'app', image: 'nginx:1.25', memory: 128, essential: true }]
    }
    emulator.setScenario({
      faults: { drop: { burst: 1, when: 'after', operations: ['RegisterTaskDefinition'] } }
    })
    const { ecs } = clients(emulator.url)
    const error = await failure(ecs.send(new RegisterTaskDefinitionCommand(definition)))
    expect(error.status).toBeUndefined()
    expect(emulator.requests.at(-1)).toMatchObject({
      operation: 'RegisterTaskDefinition',
      status: 200,
      fault: 'drop-after'
    })
    const listed = await ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: family }))
    expect(listed.taskDefinitionArns?.map(a => a.split(':').at(-1))).toEqual(['1'])
    ecs.destroy()

    // What the SDK's own retry does with that: the second attempt is a second revision.
    emulator.setScenario({
      faults: { drop: { burst: 1, when: 'after', operations: ['RegisterTaskDefinition'] } }
    })
    const retrying = clients(emulator.url, undefined, 2).ecs
    const registered = await retrying.send(new RegisterTaskDefinitionCommand(definition))
    expect(registered.taskDefinition?.revision).toBe(3)
    retrying.destroy()
  })
})
