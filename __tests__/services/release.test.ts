// Several services through their deployment paths: the order of updates, the failure policy, the busy guard.
import { describe, expect, it } from '@jest/globals'
import type { Deployment } from '@aws-sdk/client-ecs'
import type { DeploymentPath, RegisteredTaskDefinition } from '../../src/deploy/index.js'
import type { RunRecord } from '../../src/report/record.js'
import { stageRunner } from '../../src/report/record.js'
import type { RolloutResult } from '../../src/rollout/types.js'
import { followStopper } from '../../src/services/follow-together.js'
import {
  firstFailure,
  releaseFailure,
  rollOut,
  waitForIdleServices,
  type RollOutOptions,
  type ServiceRun
} from '../../src/services/release.js'
import { FakeClock } from '../../__fixtures__/clock.js'
import { RecordingLogger } from '../../__fixtures__/logger.js'

const td = (family: string, revision: number) =>
  `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${revision}`

function result(outcome: RolloutResult['outcome'], cause = `${outcome}.`): RolloutResult {
  return {
    outcome,
    ok: outcome === 'COMPLETED',
    cause,
    details: [],
    events: [],
    stoppedTasks: [],
    finishedAt: 0,
    polls: 1
  }
}

/** A deployment path that logs each call in `log` and ends its rollout as told (after `ms` on the clock). */
function fakeRun(
  name: string,
  log: string[],
  clock: FakeClock,
  outcome: RolloutResult['outcome'] = 'COMPLETED',
  options: {
    ms?: number
    /** Looks at the service, each `ms` apart, before the outcome (default 1). */
    looks?: number
    busy?: Deployment[]
    onBusy?: 'wait' | 'fail'
    alreadyServing?: boolean
    path?: 'ecs-rolling' | 'ecs-staged'
  } = {}
): ServiceRun {
  // The path waits on the run's stoppable clock, as the real paths do.
  const stopper = followStopper(clock)
  const path: DeploymentPath = {
    label: 'fake',
    async waitForIdle() {
      log.push(`${name} wait`)
    },
    async start() {
      log.push(`${name} start`)
      return { id: `ecs-svc/${name}`, alreadyServing: options.alreadyServing ?? false }
    },
    async follow() {
      log.push(`${name} follow`)
      for (let look = 0; look < (options.looks ?? 1); look++) await stopper.clock.sleep(options.ms ?? 1000)
      log.push(`${name} ${outcome}`)
      return result(outcome)
    },
    async cancel() {
      log.push(`${name} cancel`)
      return `Asked ECS to roll back ${name}.`
    },
    async rollBack(failed) {
      log.push(`${name} rollBack(${failed.outcome})`)
      return {
        ...result('ROLLED_BACK', `Rolled back. ${failed.cause}`),
        restoredTaskDefinitionArn: td(name, 1)
      }
    }
  }
  return {
    plan: {
      deployment: {
        path: options.path ?? 'ecs-rolling',
        label: 'fake',
        busy: options.busy ?? [],
        request: {
          cluster: 'prod',
          service: name,
          described: { serviceName: name, deployments: options.busy ?? [] },
          forceNewDeployment: false,
          onBusy: options.onBusy ?? 'wait',
          timeoutMs: 60_000,
          maxTaskFailures: 3,
          followEcsRollback: true
        }
      }
    } as unknown as ServiceRun['plan'],
    path,
    logger: new RecordingLogger(),
    record: { name, cluster: 'prod', service: name, family: name, previousArn: td(name, 1) },
    stopper
  }
}

const registered = (n: number): RegisteredTaskDefinition[] =>
  Array.from({ length: n }, (_, i) => ({ arn: td(`s${i}`, 2), revision: 2, isNew: true }))

async function roll(runs: ServiceRun[], options: Partial<RollOutOptions>, clock: FakeClock) {
  const record: RunRecord = { stages: [] }
  const stage = stageRunner(record, { logger: new RecordingLogger(), clock })
  const all: RollOutOptions = {
    order: 'parallel',
    follow: true,
    rollbackOnFailure: false,
    scope: 'all',
    ...options
  }
  await rollOut(runs, registered(runs.length), all, stage, clock)
  return record.stages.map(s => s.stage)
}

/** web needs a minute of looks to complete; the worker fails at its second look. */
function workerFailsWhileWebRollsOut() {
  const clock = new FakeClock()
  const log: string[] = []
  const runs = [
    fakeRun('web', log, clock, 'COMPLETED', { looks: 60 }),
    fakeRun('worker', log, clock, 'FAILED', { looks: 2 })
  ]
  return { clock, start: clock.now(), log, runs }
}

describe('rollOut', () => {
  it('parallel: updates every service, then follows all together', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [fakeRun('web', log, clock, 'COMPLETED', { ms: 3000 }), fakeRun('worker', log, clock)]
    const stages = await roll(runs, {}, clock)
    expect(log).toEqual([
      'web start',
      'worker start',
      'web follow',
      'worker follow',
      'web COMPLETED',
      'worker COMPLETED'
    ])
    expect(stages).toEqual(['Update services', 'Rollout'])
    expect(runs.map(r => r.record.rollout?.outcome)).toEqual(['COMPLETED', 'COMPLETED'])
    expect(firstFailure(runs)).toBeUndefined()
  })

  it('sequential: each service after the one before completed; stops at the first failure', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [
      fakeRun('web', log, clock),
      fakeRun('worker', log, clock, 'FAILED'),
      fakeRun('cron', log, clock)
    ]
    const stages = await roll(runs, { order: 'sequential' }, clock)
    expect(log).toEqual([
      'web start',
      'web follow',
      'web COMPLETED',
      'worker start',
      'worker follow',
      'worker FAILED'
    ])
    expect(stages).toEqual([
      'Update service web',
      'Rollout of web',
      'Update service worker',
      'Rollout of worker'
    ])
    expect(runs[2]!.record.started).toBeUndefined()
    expect(firstFailure(runs)?.record.name).toBe('worker')
  })

  it('rollback-scope all: once one fails, the others go back at once, one that completed already too', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [
      fakeRun('web', log, clock, 'COMPLETED', { ms: 5000 }),
      fakeRun('worker', log, clock, 'FAILED')
    ]
    const stages = await roll(runs, { rollbackOnFailure: true, scope: 'all' }, clock)
    expect(log.slice(0, 4)).toEqual(['web start', 'worker start', 'web follow', 'worker follow'])
    // web completed first; when the worker failed, both went back at once.
    expect(log.slice(4)).toEqual([
      'web COMPLETED',
      'worker FAILED',
      'web rollBack(FAILED)',
      'worker rollBack(FAILED)'
    ])
    expect(stages).toEqual(['Update services', 'Rollout'])
    expect(runs[0]!.record).toMatchObject({
      rolledBackWithRelease: true,
      rollout: { outcome: 'ROLLED_BACK' }
    })
    expect(runs[0]!.record.rollout?.cause).toContain('web is rolled back with the release (worker failed')
    // The failure is the worker's, not the web service's rollback.
    const failed = firstFailure(runs)!
    expect(failed.record.name).toBe('worker')
    const error = releaseFailure(failed, runs)
    expect(error.message).toBe('worker: Rolled back. FAILED.')
    expect(error.details).toEqual([
      'Services of the release:',
      `  web: ROLLED_BACK (web:1)`,
      `  worker: ROLLED_BACK (worker:1)`
    ])
  })

  it('rollback-scope all: a service still rolling out is no longer followed, but rolled back at once', async () => {
    const { clock, start, log, runs } = workerFailsWhileWebRollsOut()
    await roll(runs, { rollbackOnFailure: true, scope: 'all' }, clock)
    // web never got to its end: it went back as soon as the worker failed.
    expect(log).not.toContain('web COMPLETED')
    expect(log.filter(l => l.includes('rollBack'))).toEqual([
      'worker rollBack(FAILED)',
      'web rollBack(FAILED)'
    ])
    expect(clock.now() - start).toBeLessThan(10_000)
    expect(runs[0]!.record).toMatchObject({
      rolledBackWithRelease: true,
      rollout: { outcome: 'ROLLED_BACK' }
    })
    expect((runs[0]!.logger as RecordingLogger).lines).toContain(
      'Rolling back: worker failed, and rollback-scope is all (its own rollout was still in progress).'
    )
    // The stopped follow leaves nothing waiting: the web path's clock works again for its rollback.
    expect(runs[0]!.stopper.stopped).toBe(false)
  })

  it('rollback-scope all: a BLUE_GREEN, LINEAR or CANARY service in flight is asked to roll back, and followed again', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const web = fakeRun('web', log, clock, 'COMPLETED', { looks: 60, path: 'ecs-staged' })
    const runs = [web, fakeRun('worker', log, clock, 'FAILED', { looks: 2 })]
    await roll(runs, { rollbackOnFailure: true, scope: 'all' }, clock)
    expect(log.filter(l => l.startsWith('web'))).toEqual([
      'web start',
      'web follow',
      'web cancel',
      'web follow',
      'web COMPLETED'
    ])
    expect(web.record).toMatchObject({ rolledBackWithRelease: true, rollout: { ok: false } })
  })

  it('without rollback-on-failure: the run ends at the first failure, the others left deploying and said so', async () => {
    const { clock, start, log, runs } = workerFailsWhileWebRollsOut()
    await roll(runs, {}, clock)
    expect(log).toEqual(['web start', 'worker start', 'web follow', 'worker follow', 'worker FAILED'])
    expect(clock.now() - start).toBeLessThan(10_000)
    expect(runs[0]!.record.rollout).toBeUndefined()
    const left = [
      'Still deploying: this run stopped following deployment ecs-svc/web when worker failed; it goes on without the run (rollback-on-failure is false).',
      'Follow it: aws ecs describe-services --cluster prod --services web --query "services[0].deployments"',
      `Roll it back: aws ecs update-service --cluster prod --service web --task-definition ${td('web', 1)}`
    ]
    expect(runs[0]!.record.leftDeploying).toEqual(left)
    expect((runs[0]!.logger as RecordingLogger).lines).toEqual(expect.arrayContaining(left))
    const error = releaseFailure(firstFailure(runs)!, runs)
    expect(error.details).toEqual([
      'Services of the release:',
      '  web: IN_PROGRESS',
      ...left.map(l => `    ${l}`),
      '  worker: FAILED'
    ])
  })

  it('rollback-scope failed: only the failed service goes back', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [fakeRun('web', log, clock), fakeRun('worker', log, clock, 'FAILED')]
    const stages = await roll(runs, { rollbackOnFailure: true, scope: 'failed' }, clock)
    expect(log.filter(l => l.includes('rollBack'))).toEqual(['worker rollBack(FAILED)'])
    expect(stages).toEqual(['Update services', 'Rollout'])
    expect(runs.map(r => r.record.rollout?.outcome)).toEqual(['COMPLETED', 'ROLLED_BACK'])
  })

  it('sequential with rollback-scope all: what was updated goes back, what was not stays untouched', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [
      fakeRun('web', log, clock),
      fakeRun('worker', log, clock, 'TIMED_OUT'),
      fakeRun('cron', log, clock)
    ]
    await roll(runs, { order: 'sequential', rollbackOnFailure: true }, clock)
    expect(log.filter(l => l.includes('rollBack'))).toEqual([
      'worker rollBack(TIMED_OUT)',
      'web rollBack(FAILED)'
    ])
    expect(log.some(l => l.startsWith('cron'))).toBe(false)
  })

  it('without rollback-on-failure nothing goes back; a service already serving is neither followed nor rolled back', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [
      fakeRun('web', log, clock, 'COMPLETED', { alreadyServing: true }),
      fakeRun('worker', log, clock, 'FAILED')
    ]
    await roll(runs, {}, clock)
    expect(log).toEqual(['web start', 'worker start', 'worker follow', 'worker FAILED'])
    const log2: string[] = []
    const again = [
      fakeRun('web', log2, clock, 'COMPLETED', { alreadyServing: true }),
      fakeRun('worker', log2, clock, 'FAILED')
    ]
    await roll(again, { rollbackOnFailure: true }, clock)
    expect(log2.filter(l => l.includes('rollBack'))).toEqual(['worker rollBack(FAILED)'])
  })

  it('one service is the single-service path: its stages and nothing more', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const stages = await roll(
      [fakeRun('web', log, clock, 'FAILED')],
      { rollbackOnFailure: true, scope: 'all' },
      clock
    )
    expect(stages).toEqual(['Update service', 'Rollout'])
    expect(log).toEqual(['web start', 'web follow', 'web FAILED', 'web rollBack(FAILED)'])
  })
})

describe('waitForIdleServices', () => {
  const busy: Deployment[] = [
    { id: 'ecs-svc/other', status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: td('x', 3) }
  ]

  it('with on-busy fail, a busy service blocks the release before anything changes, every busy one named', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [
      fakeRun('web', log, clock, 'COMPLETED', { busy, onBusy: 'fail' }),
      fakeRun('worker', log, clock, 'COMPLETED', { busy, onBusy: 'fail' }),
      fakeRun('cron', log, clock, 'COMPLETED', { onBusy: 'fail' })
    ]
    const error = await waitForIdleServices(runs).catch((e: Error) => e)
    expect((error as Error).message).toMatch(
      /^2 services of the release are busy; nothing was changed:\n {2}- The service "web"/
    )
    expect((error as Error).message).toContain(
      'The service "worker" has a deployment in progress (ecs-svc/other on x:3)'
    )
    expect(log).toEqual([])
  })

  it('with on-busy wait, waits for each busy service', async () => {
    const clock = new FakeClock()
    const log: string[] = []
    const runs = [fakeRun('web', log, clock), fakeRun('worker', log, clock, 'COMPLETED', { busy })]
    await waitForIdleServices(runs)
    expect(log).toEqual(['worker wait'])
  })
})
