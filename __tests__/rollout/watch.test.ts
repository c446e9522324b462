import { describe, it, expect } from '@jest/globals'
import { BUDGET_BURST, BUDGET_MS_PER_CALL } from '../../src/rollout/cadence.js'
import { watchRollout } from '../../src/rollout/watch.js'
import {
  appTaskDefinition,
  FakeTargetGroups,
  old,
  OLD,
  OURS,
  ours,
  request,
  setup,
  TARGET_GROUP,
  td
} from '../../__fixtures__/rollout-fakes.js'

/** A healthy rollout of 2 tasks that ECS marks COMPLETED at `done` seconds. */
function healthy(ecs: ReturnType<typeof setup>['ecs'], done: number) {
  ecs
    .at(0, [ours({ pending: 2 }), old()])
    .at(done - 20, [ours({ running: 1, pending: 1 }), old()])
    .at(done - 10, [ours({ running: 2 }), old({ running: 1 })])
    .at(done - 5, [ours({ running: 2 }), old({ running: 0 })]) // the last old task stopping
    .at(done, [ours({ running: 2, state: 'COMPLETED' })])
    .event(1, '(service web) has started 2 tasks: (task aaa) (task bbb).')
    .event(done - 9, '(service web) has stopped 1 running tasks: (task old1).')
    .event(done, `(service web) (deployment ${OURS}) deployment completed.`)
    .event(done + 2, '(service web) has reached a steady state.')
}

describe('watchRollout verdicts', () => {
  it('completes when our deployment is PRIMARY and COMPLETED, noticed within a second, with progress lines and events', async () => {
    const { ecs, deps, logger } = setup()
    healthy(ecs, 45.4)
    const result = await watchRollout(request(), deps)
    expect(result).toMatchObject({ outcome: 'COMPLETED', ok: true })
    expect(result.finishedAt - ecs.timeOf(45.4).getTime()).toBeLessThanOrEqual(1000)
    expect(result.finishedAt).toBeGreaterThanOrEqual(ecs.timeOf(45.4).getTime())
    expect(logger.lines).toContain(
      `new ${OURS} (web:8) IN_PROGRESS desired 2, running 1, pending 1, failed 0 | old (web:7) desired 2, running 2`
    )
    expect(logger.lines).toContain('12:00:01 (service web) has started 2 tasks: (task aaa) (task bbb).')
    expect(result.events.map(e => e.message)).toEqual([
      '(service web) has started 2 tasks: (task aaa) (task bbb).',
      '(service web) has stopped 1 running tasks: (task old1).',
      `(service web) (deployment ${OURS}) deployment completed.`
    ])
    expect(logger.text()).toMatch(/Deployment ecs-svc\/1+ of web:8 completed in 4\ds/)
    // ECS stopping an old task (not one it started for us) is no reason to look for stopped tasks of ours.
    expect(ecs.listedAt.filter(t => t >= 45.4 - 9)).toEqual([])
  })

  it('completes without rollout states once ours is the only deployment and all its tasks run', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ state: null, pending: 2 }), old({ state: null })])
      .at(20, [ours({ state: null, running: 2 }), old({ state: null, running: 1 })])
      .at(28, [ours({ state: null, running: 2 }), old({ state: null, running: 0 })])
      .at(31, [ours({ state: null, running: 2 })])
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('COMPLETED')
    expect(result.finishedAt - ecs.timeOf(31).getTime()).toBeGreaterThanOrEqual(0)
    expect(result.finishedAt - ecs.timeOf(31).getTime()).toBeLessThanOrEqual(1000)
  })

  it('fails when the deployment goes FAILED, with the rollout reason and what stopped the tasks', async () => {
    const { ecs, deps } = setup()
    const pull =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref web:bad: not found'
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(25, [ours({ pending: 2, failed: 3 }), old()])
      .at(40, [
        ours({
          state: 'FAILED',
          reason: 'ECS deployment circuit breaker: tasks failed to start.',
          failed: 3
        }),
        old()
      ])
    ecs.stopped = [
      { at: 10, id: 't1', reason: pull, containers: [{ name: 'app' }] },
      { at: 20, id: 't2', reason: pull, containers: [{ name: 'app' }] }
    ]
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('FAILED')
    expect(result.ok).toBe(false)
    expect(result.cause).toBe(
      `Deployment ${OURS} of web:8 failed: Tasks of web:8 failed to start: ${pull} (ECS: ECS deployment circuit breaker: tasks failed to start.)`
    )
    expect(result.stoppedTasks.map(t => t.stoppedReason)).toEqual([pull, pull])
    expect(result.finishedAt - ecs.timeOf(40).getTime()).toBeLessThanOrEqual(1000)
  })

  it('follows the rollback ECS started to its end and reports ROLLED_BACK with what was restored', async () => {
    const { ecs, deps, logs, logger } = setup()
    ecs.circuitBreakerRollback = true
    ecs.taskDefinition = appTaskDefinition()
    logs.streams.set('/ecs/web/web/app/t1', [
      'Starting web 1.4.0',
      'Exception in thread "main" java.lang.IllegalStateException: DB_URL is not set'
    ])
    const rollbackId = 'ecs-svc/2222222222222222222'
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(30, [
        ours({
          status: 'ACTIVE',
          state: 'FAILED',
          reason: 'ECS deployment circuit breaker: tasks failed to start.',
          failed: 3
        }),
        {
          id: rollbackId,
          rev: 7,
          status: 'PRIMARY',
          state: 'IN_PROGRESS',
          desired: 2,
          running: 2,
          pending: 0,
          failed: 0
        }
      ])
      .at(70, [
        {
          id: rollbackId,
          rev: 7,
          status: 'PRIMARY',
          state: 'COMPLETED',
          desired: 2,
          running: 2,
          pending: 0,
          failed: 0
        }
      ])
      .event(30, `(service web) (deployment ${OURS}) deployment failed: tasks failed to start.`)
      .event(30.2, `(service web) rolling back to deployment ${OLD}.`)
    ecs.stopped = [
      {
        at: 12,
        id: 't1',
        reason: 'Essential container in task exited',
        containers: [{ name: 'app', exitCode: 1 }]
      }
    ]
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('ROLLED_BACK')
    expect(result.ok).toBe(false)
    expect(result.restoredTaskDefinitionArn).toBe(td(7))
    expect(result.finishedAt).toBeGreaterThanOrEqual(ecs.timeOf(70).getTime())
    expect(result.cause).toBe(
      `ECS rolled back to web:7 (deployment ${rollbackId} completed). Deployment ${OURS} of web:8 failed: ` +
        'Essential container "app" of web:8 exited with code 1 (ECS: ECS deployment circuit breaker: tasks failed to start.)'
    )
    expect(logger.lines).toContain(
      '    | Exception in thread "main" java.lang.IllegalStateException: DB_URL is not set'
    )
    expect(logger.text()).toContain(
      `rollback ${rollbackId} (web:7) IN_PROGRESS desired 2, running 2, pending 0, failed 0`
    )
  })

  it('fails as REPLACED, naming the deployment started elsewhere and its task definition', async () => {
    const { ecs, deps } = setup()
    ecs.at(0, [ours({ pending: 2 }), old()]).at(40, [
      {
        id: 'ecs-svc/9999999999999999999',
        rev: 9,
        status: 'PRIMARY',
        state: 'IN_PROGRESS',
        desired: 2,
        running: 0,
        pending: 2
      },
      ours({ status: 'ACTIVE', running: 1 }),
      old()
    ])
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('REPLACED')
    expect(result.cause).toContain(
      `Deployment ${OURS} of web:8 was replaced by deployment ecs-svc/9999999999999999999 of web:9`
    )
  })

  it('fails after max-task-failures stopped tasks without a circuit breaker, with reasons, exit codes and log tails', async () => {
    const { ecs, deps, logs, logger } = setup()
    ecs.taskDefinition = appTaskDefinition()
    // Each crash shows as a running task going away, then its replacement starting.
    ecs.at(0, [ours({ pending: 2 }), old()]).at(10, [ours({ running: 2 }), old()])
    for (const at of [20, 40, 60, 70])
      ecs.at(at, [ours({ running: 1, pending: 1 }), old()]).at(at + 5, [ours({ running: 2 }), old()])
    const crash = (id: string, at: number) => ({
      at,
      id,
      reason: 'Essential container in task exited',
      containers: [
        { name: 'app', exitCode: 1 },
        { name: 'sidecar', exitCode: 0 }
      ]
    })
    ecs.stopped = [crash('t1', 20), crash('t2', 40), crash('t3', 60), crash('t4', 70)]
    logs.streams.set('/ecs/web/web/app/t1', ['boot', 'java.lang.RuntimeException: port 8080 in use'])
    logs.streams.set('/ecs/web/web/sidecar/t1', ['sidecar ok'])
    const result = await watchRollout(request({ maxTaskFailures: 3 }), deps)
    expect(result.outcome).toBe('FAILED')
    expect(result.cause).toBe(
      '3 tasks of web:8 stopped (max-task-failures is 3): Essential container "app" of web:8 exited with code 1'
    )
    expect(result.finishedAt - ecs.timeOf(60).getTime()).toBeLessThanOrEqual(3000)
    expect(result.stoppedTasks[0]).toMatchObject({
      stoppedReason: 'Essential container in task exited',
      containers: [
        { name: 'app', exitCode: 1, logTail: ['boot', 'java.lang.RuntimeException: port 8080 in use'] },
        { name: 'sidecar', exitCode: 0 }
      ]
    })
    expect(result.stoppedTasks[0]?.containers[1]).not.toHaveProperty('logNote')
    // A missing stream degrades to a note instead of failing.
    expect(result.stoppedTasks[1]?.containers[0]?.logNote).toContain('does not exist')
    expect(logger.lines).toContain('Task t1 (web:8) stopped at 12:00:20: Essential container in task exited')
    expect(logger.lines).toContain('  container app: exit code 1')
    expect(logger.lines).toContain('    | java.lang.RuntimeException: port 8080 in use')
    // Each task is described once; logs are read once per container of at most 3 tasks; the definition once.
    const described = ecs.calls.describeTasks.flat()
    expect(new Set(described).size).toBe(described.length)
    expect(logs.calls).toEqual(['/ecs/web/web/app/t1', '/ecs/web/web/app/t2', '/ecs/web/web/app/t3'])
    expect(ecs.calls.describeTaskDefinition).toBe(1)
  })

  it('describes a task again only when it was still stopping the first time', async () => {
    const { ecs, deps } = setup()
    // The pending count drops at 21 s: a hint to look, while the task is still stopping.
    ecs.at(0, [ours({ pending: 2 }), old()]).at(21, [ours({ pending: 1 }), old()])
    ecs.stopped = [
      {
        at: 20,
        id: 't1',
        reason: 'Essential container in task exited',
        containers: [{ name: 'app', exitCode: 137 }],
        stoppedAtSecond: 24
      }
    ]
    const result = await watchRollout(request({ maxTaskFailures: 1, timeoutMs: 60_000 }), deps)
    expect(result.outcome).toBe('FAILED')
    expect(result.cause).toContain('exited with code 137')
    expect(ecs.calls.describeTasks.flat().filter(a => a.endsWith('/t1')).length).toBe(2)
  })

  it('fails as a capacity problem after repeated "unable to place a task" events', async () => {
    const { ecs, deps } = setup()
    ecs.at(0, [ours({ desired: 2 }), old()])
    const message =
      '(service web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.'
    for (let at = 5; at < 300; at += 20) ecs.event(at, message)
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('FAILED')
    expect(result.cause).toBe(`ECS could not place tasks of web:8 (a capacity problem): ${message}`)
    expect(result.finishedAt - ecs.timeOf(85).getTime()).toBeLessThanOrEqual(3000)
    expect(result.details.join('\n')).toContain("Check the cluster's capacity")
  })

  it('fails on placement after placementFailureMs even with few events, and resets once a task runs', async () => {
    const { ecs, deps } = setup()
    const message =
      '(service web) was unable to place a task because no container instance met all of its requirements.'
    ecs
      .at(0, [ours(), old()])
      .at(30, [ours({ running: 1 }), old()])
      .event(10, message)
      .event(60, message)
    const result = await watchRollout(request({ placementFailureMs: 40_000 }), deps)
    expect(result.outcome).toBe('FAILED')
    // The event at 10 s was forgiven when a task started at 30 s; the clock restarts at 60 s.
    expect(result.finishedAt - ecs.timeOf(100).getTime()).toBeGreaterThanOrEqual(0)
    expect(result.finishedAt - ecs.timeOf(100).getTime()).toBeLessThanOrEqual(3000)
  })

  it('calls out failing health checks as a warning and in the cause', async () => {
    const { ecs, deps, logger } = setup()
    const elb =
      'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc)'
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(15, [ours({ running: 2 }), old()])
      .at(35, [ours({ running: 1, pending: 1, failed: 1 }), old()])
      .event(
        30,
        '(service web) (port 8080) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/abc) due to (reason Health checks failed).'
      )
    ecs.stopped = [
      { at: 34, id: 't1', reason: elb, containers: [{ name: 'app', exitCode: 143 }] },
      { at: 50, id: 't2', reason: elb, containers: [{ name: 'app', exitCode: 143 }] }
    ]
    const result = await watchRollout(request({ maxTaskFailures: 2 }), deps)
    expect(result.outcome).toBe('FAILED')
    expect(result.cause).toBe(
      `2 tasks of web:8 stopped (max-task-failures is 2): Tasks of web:8 failed health checks: ${elb}`
    )
    expect(logger.warnings).toHaveLength(1)
    expect(logger.warnings[0]?.message).toContain(
      'Health checks are failing for tasks of web:8: (service web) (port 8080) is unhealthy'
    )
    expect(logger.warnings[0]?.annotation?.title).toBe('Health checks failing')
  })

  it('times out with the last known state and the last events', async () => {
    const { ecs, deps } = setup()
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(30, [ours({ running: 1, pending: 1 }), old()])
      .event(2, '(service web) has started 2 tasks: (task aaa) (task bbb).')
      .event(
        31,
        '(service web) registered 1 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/abc)'
      )
    const result = await watchRollout(request({ timeoutMs: 120_000 }), deps)
    expect(result.outcome).toBe('TIMED_OUT')
    expect(result.finishedAt).toBe(ecs.timeOf(120).getTime())
    expect(result.cause).toBe(
      `The rollout of web:8 (deployment ${OURS}) did not finish within 2m00s: IN_PROGRESS, desired 2, running 1, pending 1, failed 0; ` +
        'last events: 12:00:02 (service web) has started 2 tasks: (task aaa) (task bbb). / ' +
        '12:00:31 (service web) registered 1 targets in (target-group arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/abc). ' +
        'Raise wait-for-minutes if the service needs longer to start.'
    )
  })

  it('fails when the service stops being ACTIVE', async () => {
    const { ecs, deps } = setup()
    ecs.at(0, [ours({ pending: 2 }), old()]).at(12, [ours({ pending: 2 }), old()], { status: 'DRAINING' })
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('SERVICE_INACTIVE')
    expect(result.cause).toContain('Service web is DRAINING in cluster prod')
  })

  it('backs off on ThrottlingException with growing, jittered pauses and still reaches the verdict', async () => {
    const { ecs, deps, logger } = setup()
    healthy(ecs, 80)
    ecs.throttle = { from: 10, to: 45 }
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('COMPLETED')
    const calls = ecs.calls.describeService.map(t => (t - ecs.start) / 1000)
    const throttled = calls.filter(t => t >= 10 && t < 45)
    const gaps = throttled.slice(1).map((t, i) => t - throttled[i]!)
    expect(gaps.length).toBeGreaterThanOrEqual(2)
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]!).toBeGreaterThan(gaps[i - 1]!)
    expect(logger.text()).toContain(
      'ECS did not answer DescribeServices (ThrottlingException: Rate exceeded)'
    )
  })

  it('rethrows errors that waiting cannot fix', async () => {
    const { ecs, deps } = setup()
    ecs.describeService = async () => {
      const error = new Error(
        'User: arn:aws:iam::1:user/ci is not authorized to perform: ecs:DescribeServices'
      )
      error.name = 'AccessDeniedException'
      throw error
    }
    await expect(watchRollout(request(), deps)).rejects.toThrow(
      'not authorized to perform: ecs:DescribeServices'
    )
  })
})

describe('watchRollout cadence and output', () => {
  it('averages at least 2 s per DescribeServices call over a 300 s rollout and still notices the end within 1 s', async () => {
    const { ecs, deps } = setup()
    ecs.at(0, [ours({ desired: 10, pending: 2 }), old({ desired: 10, running: 10 })])
    for (let step = 1; step <= 9; step++)
      ecs.at(step * 28, [
        ours({ desired: 10, running: step, pending: 1 }),
        old({ desired: 10, running: 10 - step })
      ])
    ecs
      .at(285, [ours({ desired: 10, running: 10 })])
      .at(300.3, [ours({ desired: 10, running: 10, state: 'COMPLETED' })])
    const result = await watchRollout(request(), deps)
    expect(result.outcome).toBe('COMPLETED')
    expect(result.finishedAt - ecs.timeOf(300.3).getTime()).toBeLessThanOrEqual(1000)
    expect(result.polls).toBe(ecs.calls.describeService.length)
    expect((result.finishedAt - ecs.start) / result.polls).toBeGreaterThanOrEqual(2000)
  })

  /** Behind a load balancer with a 120 s deregistration delay: new tasks run at 60 s, old ones drain from 90 s. */
  function drained(ecs: ReturnType<typeof setup>['ecs'], done: number) {
    ecs.targetGroups = [TARGET_GROUP]
    ecs
      .at(0, [ours({ pending: 2 }), old()])
      .at(60, [ours({ running: 2 }), old()])
      .at(done - 120, [ours({ running: 2 }), old({ running: 0 })])
      .at(done - 0.2, [ours({ running: 2 })])
      .at(done, [ours({ running: 2, state: 'COMPLETED' })])
      .event(1, '(service web) has started 2 tasks: (task aaa) (task bbb).')
      .event(done - 120, '(service web) has begun draining connections on 2 tasks.')
  }

  it('behind a load balancer, looks slowly while old tasks drain and every second when the drain ends', async () => {
    const latencies: number[] = []
    const pollCounts: number[] = []
    for (const done of [210, 210.4, 210.8, 211.3]) {
      const { ecs, deps, logger } = setup()
      drained(ecs, done)
      const targetGroups = new FakeTargetGroups({ [TARGET_GROUP]: 120 })
      const result = await watchRollout(request(), { ...deps, targetGroups })
      expect(result.outcome).toBe('COMPLETED')
      expect(targetGroups.calls).toEqual([TARGET_GROUP])
      expect(logger.lines).toContain(
        'Old tasks drain for 2m00s before they stop (deregistration delay of web-tg)'
      )
      latencies.push(result.finishedAt - ecs.timeOf(done).getTime())
      pollCounts.push(result.polls)
      // No look every second while the end is still a drain away.
      const calls = ecs.calls.describeService.map(t => (t - ecs.start) / 1000)
      const early = calls.filter(t => t > 0 && t < done - 124)
      const gaps = early.slice(1).map((t, i) => t - early[i]!)
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(1.5)
    }
    expect(Math.max(...latencies)).toBeLessThanOrEqual(1000)
    // Over 3.5 minutes, well under one call per 2 s.
    expect(Math.max(...pollCounts)).toBeLessThanOrEqual(210 / 2.5)
  })

  it('notices within a second when ELB ends the drain early: ECS stops the old tasks long before the delay', async () => {
    // Idle targets: deregistered at once, so old tasks stop as soon as they begin draining, not 120 s later; the
    // deployment completes 2 s after ECS says it stopped them.
    for (const done of [62.3, 62.9, 63.6, 64.2, 64.8, 65.5]) {
      const { ecs, deps } = setup()
      ecs.targetGroups = [TARGET_GROUP]
      ecs
        .at(0, [ours({ pending: 2 }), old()])
        .at(done - 2.3, [ours({ running: 2 }), old({ running: 0 })])
        .at(done, [ours({ running: 2, state: 'COMPLETED' })])
        .event(done - 2.3, '(service web) has begun draining connections on 2 tasks.')
        .event(done - 2, '(service web) has stopped 2 running tasks: (task old1) (task old2).')
      const targetGroups = new FakeTargetGroups({ [TARGET_GROUP]: 120 })
      const result = await watchRollout(request(), { ...deps, targetGroups })
      expect(result.outcome).toBe('COMPLETED')
      expect(result.finishedAt - ecs.timeOf(done).getTime()).toBeLessThanOrEqual(1000)
    }
  })

  it('without permission to read the target group, says what to allow and falls back to its usual cadence', async () => {
    const { ecs, deps, logger } = setup()
    drained(ecs, 210)
    const targetGroups = new FakeTargetGroups({ [TARGET_GROUP]: 120 })
    targetGroups.denied = true
    const result = await watchRollout(request(), { ...deps, targetGroups })
    expect(result.outcome).toBe('COMPLETED')
    expect(logger.text()).toContain(
      "Could not read the target groups' deregistration delay (AccessDenied: User: arn:aws:iam::123456789012:user/ci is not authorized to perform: elasticloadbalancing:DescribeTargetGroupAttributes); " +
        'following without it, with more DescribeServices calls. Allow elasticloadbalancing:DescribeTargetGroupAttributes to avoid that.'
    )
    expect(targetGroups.calls).toHaveLength(1)
    // The usual cadence: every second near the end, within the long-run budget of a call per 2.4 s after a burst.
    const elapsed = result.finishedAt - ecs.start
    expect(result.polls).toBeLessThanOrEqual(BUDGET_BURST + Math.ceil(elapsed / BUDGET_MS_PER_CALL))
    expect(result.polls).toBeGreaterThan(210 / 2.5)
  })

  it('notices completion within 1 s in 95% of rollouts ending at different moments', async () => {
    const latencies: number[] = []
    for (let i = 0; i < 40; i++) {
      const { ecs, deps } = setup()
      healthy(ecs, 30 + i * 7.37)
      const result = await watchRollout(request(), deps)
      expect(result.outcome).toBe('COMPLETED')
      latencies.push(result.finishedAt - ecs.timeOf(30 + i * 7.37).getTime())
    }
    latencies.sort((a, b) => a - b)
    expect(latencies[Math.ceil(latencies.length * 0.95) - 1]!).toBeLessThanOrEqual(1000)
  })

  it('prints every event once, in order, across a sliding 100-event window', async () => {
    const { ecs, deps, logger } = setup()
    ecs.at(0, [ours({ pending: 2 }), old()]).at(260, [ours({ running: 2, state: 'COMPLETED' })])
    for (let i = 1; i <= 250; i++) ecs.event(i, `(service web) event number ${i}`)
    // Two events in the same second keep ECS's order.
    ecs.event(255, '(service web) first at 255').event(255, '(service web) second at 255')
    const result = await watchRollout(request(), deps)
    const expected = [
      ...Array.from({ length: 250 }, (_, i) => `(service web) event number ${i + 1}`),
      '(service web) first at 255',
      '(service web) second at 255'
    ]
    expect(result.events.map(e => e.message)).toEqual(expected)
    const printed = logger.lines.filter(l => /\(service web\) (event number|first|second)/.test(l))
    expect(printed).toEqual(
      expected.map(
        (m, i) => `${new Date(ecs.start + (i < 250 ? i + 1 : 255) * 1000).toISOString().slice(11, 19)} ${m}`
      )
    )
  })

  it('does not show events from before the deployment', async () => {
    const { ecs, deps, logger } = setup()
    ecs
      .at(0, [ours({ running: 2, state: 'COMPLETED' })])
      .event(-120, '(service web) has reached a steady state.')
    await watchRollout(request(), deps)
    expect(logger.text()).not.toContain('steady state')
  })

  it('writes a heartbeat at most every 30 s while nothing changes, and only then', async () => {
    const { ecs, deps, logger } = setup()
    ecs.at(0, [ours({ running: 1, pending: 1 }), old()]).at(200, [ours({ running: 2, state: 'COMPLETED' })])
    await watchRollout(request(), deps)
    const gaps = logger.at.slice(1).map((t, i) => t - logger.at[i]!)
    expect(Math.max(...gaps)).toBeLessThanOrEqual(30_000)
    const beats = logger.lines.filter(l => l.startsWith('Still waiting after'))
    expect(beats.length).toBeGreaterThanOrEqual(5)
    expect(beats[0]).toBe(
      `Still waiting after 30s: ${OURS} IN_PROGRESS, desired 2, running 1, pending 1, failed 0`
    )
    const beatTimes = logger.at.filter((_, i) => logger.lines[i]!.startsWith('Still waiting'))
    for (let i = 1; i < beatTimes.length; i++)
      expect(beatTimes[i]! - beatTimes[i - 1]!).toBeGreaterThanOrEqual(30_000)
  })
})
