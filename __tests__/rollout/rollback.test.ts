import { describe, it, expect } from '@jest/globals'
import {
  busyDeployments,
  rollbackService,
  waitForIdleService,
  watchRollout,
  type RolloutResult
} from '../../src/rollout/index.js'
import { old, OLD, ours, OURS, request, setup, td } from '../../__fixtures__/rollout-fakes.js'

const BACK = 'ecs-svc/3333333333333333333'

function failedResult(outcome: RolloutResult['outcome'] = 'FAILED'): RolloutResult {
  return {
    outcome,
    ok: false,
    cause:
      '3 tasks of web:8 stopped (max-task-failures is 3): Essential container "app" of web:8 exited with code 1',
    details: ['Task t1 (web:8) stopped'],
    events: [{ createdAt: new Date(0), message: '(service web) has started 2 tasks' }],
    stoppedTasks: [],
    finishedAt: 0,
    polls: 12
  }
}

describe('rollbackService', () => {
  it('updates the service back to the previous task definition, follows that deployment and reports what was restored', async () => {
    const { ecs, deps, logger } = setup()
    const updates: string[] = []
    ecs
      .at(0, [
        { id: BACK, rev: 7, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 0, pending: 2 },
        ours({ status: 'ACTIVE', running: 1 })
      ])
      .at(20, [
        { id: BACK, rev: 7, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 2, pending: 0 }
      ])
      .at(26.5, [
        { id: BACK, rev: 7, status: 'PRIMARY', state: 'COMPLETED', desired: 2, running: 2, pending: 0 }
      ])
    const result = await rollbackService(request(), failedResult(), {
      ...deps,
      updateService: async arn => {
        updates.push(arn)
        return { deploymentId: BACK }
      }
    })
    expect(updates).toEqual([td(7)])
    expect(result).toMatchObject({ outcome: 'ROLLED_BACK', ok: false, restoredTaskDefinitionArn: td(7) })
    expect(result.cause).toBe(`Rolled back to web:7 (deployment ${BACK} completed). ${failedResult().cause}`)
    expect(result.finishedAt - ecs.timeOf(26.5).getTime()).toBeLessThanOrEqual(1000)
    expect(result.polls).toBeGreaterThan(12)
    expect(result.events[0]?.message).toBe('(service web) has started 2 tasks')
    expect(logger.lines).toContain('Rolling back service web to web:7 (rollback-on-failure is true)')
    expect(logger.text()).toContain(`Following deployment ${BACK} of web:7`)
  })

  it('keeps the failure and adds why when the rollback does not complete either', async () => {
    const { ecs, deps } = setup()
    ecs.at(0, [
      {
        id: BACK,
        rev: 7,
        status: 'PRIMARY',
        state: 'FAILED',
        reason: 'ECS deployment circuit breaker: tasks failed to start.',
        desired: 2
      }
    ])
    const result = await rollbackService(request(), failedResult(), {
      ...deps,
      updateService: async () => ({ deploymentId: BACK })
    })
    expect(result.outcome).toBe('FAILED')
    expect(result.restoredTaskDefinitionArn).toBeUndefined()
    expect(result.cause).toContain(
      '; the rollback to web:7 did not complete either: Deployment ecs-svc/3333333333333333333 of web:7 failed'
    )
  })

  it('does nothing when ECS already rolled back, the deployment was replaced, or there is nothing to go back to', async () => {
    const { deps } = setup()
    const calls: string[] = []
    const rollbackDeps = {
      ...deps,
      updateService: async (arn: string) => (calls.push(arn), { deploymentId: BACK })
    }
    const rolledBack = failedResult('ROLLED_BACK')
    expect(await rollbackService(request(), rolledBack, rollbackDeps)).toBe(rolledBack)
    expect(
      (await rollbackService(request(), failedResult('REPLACED'), rollbackDeps)).details.at(-1)
    ).toContain('No rollback')
    const first = await rollbackService(
      request({ previousTaskDefinitionArn: undefined }),
      failedResult(),
      rollbackDeps
    )
    expect(first.details.at(-1)).toBe(
      'No rollback: the service ran no other task definition before this run.'
    )
    expect(calls).toEqual([])
  })

  it('reports a rollback that could not be started without losing the original failure', async () => {
    const { deps, logger } = setup()
    const result = await rollbackService(request(), failedResult(), {
      ...deps,
      updateService: async () => {
        throw Object.assign(new Error('Service was not ACTIVE.'), { name: 'ServiceNotActiveException' })
      }
    })
    expect(result.outcome).toBe('FAILED')
    expect(result.cause).toBe(failedResult().cause)
    expect(result.details.at(-1)).toBe(
      'Rollback to web:7 could not be started: ServiceNotActiveException: Service was not ACTIVE'
    )
    expect(logger.warnings[0]?.annotation?.title).toBe('Rollback not started')
  })

  it('works with watchRollout end to end: a crash loop, then the rollback', async () => {
    const { ecs, deps } = setup()
    ecs.at(0, [ours({ running: 0, pending: 2 }), old()]).at(8, [ours({ running: 0, pending: 1 }), old()])
    ecs.stopped = [1, 2].map(n => ({
      at: 6 + n,
      id: `t${n}`,
      reason: 'Essential container in task exited',
      containers: [{ name: 'app', exitCode: 3 }]
    }))
    const failed = await watchRollout(request({ maxTaskFailures: 2 }), deps)
    expect(failed.outcome).toBe('FAILED')
    const at = ecs.seconds()
    ecs
      .at(at, [
        { id: BACK, rev: 7, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 2 },
        ours({ status: 'ACTIVE' })
      ])
      .at(at + 15, [{ id: BACK, rev: 7, status: 'PRIMARY', state: 'COMPLETED', desired: 2, running: 2 }])
    const result = await rollbackService(request({ maxTaskFailures: 2 }), failed, {
      ...deps,
      updateService: async () => ({ deploymentId: BACK })
    })
    expect(result.outcome).toBe('ROLLED_BACK')
    expect(result.cause).toContain('Essential container "app" of web:8 exited with code 3')
  })
})

describe('waitForIdleService', () => {
  const other = 'ecs-svc/4444444444444444444'

  it('fails at once with on-busy fail, naming the deployment in progress', async () => {
    const { ecs, deps, clock } = setup()
    ecs.at(0, [
      { id: other, rev: 9, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 1, pending: 1 },
      old()
    ])
    await expect(
      waitForIdleService({ cluster: 'prod', service: 'web', timeoutMs: 600_000, onBusy: 'fail' }, deps)
    ).rejects.toThrow(
      `Service "web" is busy with another rollout: deployment ${other} of web:9 (IN_PROGRESS, desired 2, running 1, pending 1, failed 0, started 11:00:00 UTC). ` +
        'on-busy is fail, so nothing was changed; re-run when it has finished, or set on-busy: wait.'
    )
    expect(clock.sleeps).toEqual([])
  })

  it('with on-busy wait, waits with progress lines until no rollout is in progress', async () => {
    const { ecs, deps, logger, clock } = setup()
    ecs
      .at(0, [
        { id: other, rev: 9, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 1, pending: 1 },
        old()
      ])
      .at(40, [
        { id: other, rev: 9, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 2 },
        old({ running: 1 })
      ])
      .at(95, [{ id: other, rev: 9, status: 'PRIMARY', state: 'COMPLETED', desired: 2, running: 2 }])
    await waitForIdleService({ cluster: 'prod', service: 'web', timeoutMs: 600_000, onBusy: 'wait' }, deps)
    expect(ecs.seconds()).toBeGreaterThanOrEqual(95)
    expect(ecs.seconds()).toBeLessThanOrEqual(98)
    expect(logger.lines[0]).toContain(
      `Service web is busy with another rollout: deployment ${other} of web:9`
    )
    expect(logger.lines).toContain(
      `busy ${other} (web:9) IN_PROGRESS desired 2, running 2, pending 0, failed 0 | old (web:7) desired 2, running 1`
    )
    expect(logger.lines.at(-1)).toBe(
      `The other rollout is over (${other} COMPLETED) after 1m36s; deploying now.`
    )
    expect(Math.max(...clock.sleeps)).toBeLessThanOrEqual(3000)
  })

  it('returns at once when the service is idle, and fails when the wait runs out', async () => {
    const idle = setup()
    idle.ecs.at(0, [old({ status: 'PRIMARY' })])
    await waitForIdleService(
      { cluster: 'prod', service: 'web', timeoutMs: 60_000, onBusy: 'fail' },
      idle.deps
    )
    expect(idle.clock.sleeps).toEqual([])

    const busy = setup()
    busy.ecs.at(0, [
      { id: other, rev: 9, status: 'PRIMARY', state: 'IN_PROGRESS', desired: 2, running: 0, pending: 2 },
      old()
    ])
    await expect(
      waitForIdleService({ cluster: 'prod', service: 'web', timeoutMs: 60_000, onBusy: 'wait' }, busy.deps)
    ).rejects.toThrow(`Service "web" was still busy after 1m00s: deployment ${other} of web:9`)
    expect(busy.ecs.seconds()).toBe(60)
  })

  it('knows busy deployments with and without rollout states', () => {
    expect(
      busyDeployments({ deployments: [{ id: 'a', status: 'PRIMARY', rolloutState: 'COMPLETED' }] })
    ).toEqual([])
    expect(
      busyDeployments({
        deployments: [
          { id: 'a', status: 'PRIMARY', rolloutState: 'FAILED' },
          { id: OLD, status: 'ACTIVE' }
        ]
      })
    ).toEqual([])
    expect(
      busyDeployments({
        deployments: [
          { id: 'a', status: 'PRIMARY', desiredCount: 2, runningCount: 2 },
          { id: OURS, status: 'ACTIVE' }
        ]
      }).map(d => d.id)
    ).toEqual(['a'])
    expect(
      busyDeployments({ deployments: [{ id: 'a', status: 'PRIMARY', desiredCount: 2, runningCount: 2 }] })
    ).toEqual([])
  })
})
