// Several watchers, one DescribeServices per cluster per look: the batching source in front of ECS.
import { describe, expect, it } from '@jest/globals'
import type { Service } from '@aws-sdk/client-ecs'
import type { EcsApi, ServicesReader } from '../../src/aws/ecs.js'
import { callsFor, FRESH_MS, sharedReads, withSharedReads } from '../../src/services/shared-reads.js'
import { FakeClock } from '../../__fixtures__/clock.js'

/** An ECS that records each DescribeServices call and answers each service with its name and the call's number. */
function recordingEcs(fail?: (services: string[]) => Error | undefined) {
  const calls: { cluster: string; services: string[] }[] = []
  const reader: ServicesReader = {
    async describeServices(cluster, services) {
      calls.push({ cluster, services })
      const error = fail?.(services)
      if (error) throw error
      const known = services.filter(s => !s.startsWith('missing'))
      return {
        services: known.map(s => ({
          serviceName: s.split('/').pop(),
          status: 'ACTIVE',
          desiredCount: calls.length
        })),
        missing: services.filter(s => s.startsWith('missing'))
      }
    }
  }
  return { calls, reader }
}

describe('sharedReads', () => {
  it('answers the asks of one tick with one call per cluster, each caller its own service', async () => {
    const { calls, reader } = recordingEcs()
    const reads = sharedReads(reader, new FakeClock())
    const [web, worker, jobs] = await Promise.all([
      reads.describeService('prod', 'web'),
      reads.describeService('prod', 'worker'),
      reads.describeService('batch', 'jobs')
    ])
    expect(calls).toEqual([
      { cluster: 'prod', services: ['web', 'worker'] },
      { cluster: 'batch', services: ['jobs'] }
    ])
    expect([web?.serviceName, worker?.serviceName, jobs?.serviceName]).toEqual(['web', 'worker', 'jobs'])
  })

  it('asks for at most 10 services per call', async () => {
    const { calls, reader } = recordingEcs()
    const reads = sharedReads(reader, new FakeClock())
    const names = Array.from({ length: 23 }, (_, i) => `s${i}`)
    const answers = await Promise.all(names.map(n => reads.describeService('prod', n)))
    expect(calls.map(c => c.services.length)).toEqual([10, 10, 3])
    expect(answers.map(a => a?.serviceName)).toEqual(names)
  })

  it('fills the last call with the other followed services, never adds a call for them', () => {
    expect(callsFor(['a'], ['b', 'c', 'a'])).toEqual([['a', 'b', 'c']])
    const asked = Array.from({ length: 10 }, (_, i) => `s${i}`)
    expect(callsFor(asked, ['x'])).toEqual([asked])
    expect(callsFor([], ['x'])).toEqual([])
  })

  it('answers a followed service from a fresh look of its cluster without another call, once', async () => {
    const { calls, reader } = recordingEcs()
    const clock = new FakeClock()
    const reads = sharedReads(reader, clock)
    await Promise.all([reads.describeService('prod', 'web'), reads.describeService('prod', 'worker')])
    clock.advance(2_000)
    // web looks again: the call reads worker too.
    expect((await reads.describeService('prod', 'web'))?.desiredCount).toBe(2)
    expect(calls.map(c => c.services)).toEqual([
      ['web', 'worker'],
      ['web', 'worker']
    ])
    clock.advance(FRESH_MS - 1)
    // worker's next look is that one: no call.
    expect((await reads.describeService('prod', 'worker'))?.desiredCount).toBe(2)
    expect(calls).toHaveLength(2)
    // A look the watcher has already had, or a stale one, is asked for again.
    expect((await reads.describeService('prod', 'worker'))?.desiredCount).toBe(3)
    clock.advance(FRESH_MS)
    expect((await reads.describeService('prod', 'web'))?.desiredCount).toBe(4)
    expect(calls).toHaveLength(4)
  })

  it('an update makes the looks of its cluster stale: the next ask is a call', async () => {
    const { calls, reader } = recordingEcs()
    const clock = new FakeClock()
    const reads = sharedReads(reader, clock)
    const ecs = withSharedReads(
      { ...reader, updateService: async () => ({}) as Service } as unknown as EcsApi,
      reads
    )
    await Promise.all([ecs.describeService('prod', 'web'), ecs.describeService('prod', 'worker')])
    clock.advance(2_000)
    await ecs.describeService('prod', 'web')
    await ecs.updateService({
      cluster: 'prod',
      service: 'worker',
      taskDefinitionArn: 'td',
      forceNewDeployment: false
    })
    expect((await ecs.describeService('prod', 'worker'))?.desiredCount).toBe(3)
    expect(calls).toHaveLength(3)
  })

  it('hands a call failure to every caller of that call, and undefined for a missing service', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
    const { reader } = recordingEcs(services => (services.includes('busy') ? throttled : undefined))
    const reads = sharedReads(reader, new FakeClock())
    const results = await Promise.allSettled([
      reads.describeService('prod', 'busy'),
      reads.describeService('prod', 'web'),
      reads.describeService('other', 'missing-one')
    ])
    expect(results.map(r => r.status)).toEqual(['rejected', 'rejected', 'fulfilled'])
    expect(results.slice(0, 2).map(r => (r as PromiseRejectedResult).reason)).toEqual([throttled, throttled])
    expect((results[2] as PromiseFulfilledResult<unknown>).value).toBeUndefined()
  })

  it('matches a service asked for by ARN', async () => {
    const { reader } = recordingEcs()
    const reads = sharedReads(reader, new FakeClock())
    const arn = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web'
    expect((await reads.describeService('prod', arn))?.serviceName).toBe('web')
  })
})
