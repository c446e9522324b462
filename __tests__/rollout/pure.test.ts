import { describe, it, expect } from '@jest/globals'
import type { Deployment, ServiceEvent } from '@aws-sdk/client-ecs'
import { isRetryable, nextPollDelay, pollHints, shouldListStoppedTasks } from '../../src/rollout/cadence.js'
import { explainStoppedTasks, formatStoppedTask, logLocation } from '../../src/rollout/explain.js'
import {
  freshEvents,
  progressLine,
  startedTaskIdsIn,
  taskDefinitionLabel
} from '../../src/rollout/progress.js'
import { decide, initialState, type Observation } from '../../src/rollout/verdict.js'
import { appTaskDefinition, OURS, request, taskArn, td } from '../../__fixtures__/rollout-fakes.js'

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0)
const ev = (id: string, second: number, message = `event ${id}`): ServiceEvent => ({
  id,
  createdAt: new Date(T0 + second * 1000),
  message
})

describe('freshEvents', () => {
  it('returns unseen events oldest first, ignoring history before the deployment', () => {
    const listed = [ev('c', 30), ev('b', 20), ev('a', 10), ev('old', -5)]
    expect(freshEvents(listed, new Set(['a']), T0).map(e => e.id)).toEqual(['b', 'c'])
  })

  it('keeps ECS order for events with the same time and survives the window sliding', () => {
    const window1 = Array.from({ length: 100 }, (_, i) => ev(`e${100 - i}`, 100 - i))
    const seen = new Set(freshEvents(window1, new Set(), T0).map(e => e.id!))
    // Three new events arrive; the three oldest fall out of the 100-event window.
    const window2 = [
      ev('x2', 101, 'later'),
      ev('x1', 101, 'earlier'),
      ev('e103', 103),
      ...window1.slice(0, 97)
    ].sort((a, b) => b.createdAt!.getTime() - a.createdAt!.getTime())
    expect(freshEvents(window2, seen, T0).map(e => e.message)).toEqual(['earlier', 'later', 'event e103'])
  })
})

describe('progress lines', () => {
  it('shows the new deployment with all counts and old ones briefly', () => {
    const deployments: Deployment[] = [
      {
        id: 'ecs-svc/12',
        status: 'PRIMARY',
        taskDefinition: td(8),
        rolloutState: 'IN_PROGRESS',
        desiredCount: 2,
        runningCount: 1,
        pendingCount: 1,
        failedTasks: 0
      },
      {
        id: 'ecs-svc/11',
        status: 'ACTIVE',
        taskDefinition: td(7),
        rolloutState: 'COMPLETED',
        desiredCount: 2,
        runningCount: 2,
        pendingCount: 0
      }
    ]
    expect(progressLine(deployments, 'ecs-svc/12', td(8))).toBe(
      'new ecs-svc/12 (web:8) IN_PROGRESS desired 2, running 1, pending 1, failed 0 | old (web:7) desired 2, running 2'
    )
    expect(progressLine([deployments[1]!], 'ecs-svc/12', td(8))).toBe(
      'new ecs-svc/12 (web:8) not listed | old (web:7) desired 2, running 2'
    )
  })

  it('labels task definitions the way people read them', () => {
    expect(taskDefinitionLabel(td(12, 'billing-api'))).toBe('billing-api:12')
  })
})

describe('nextPollDelay', () => {
  const base = { elapsedMs: 60_000, polls: 30, moving: false, nearDone: false, throttled: 0, random: 0.5 }

  it('polls every second at first and when the end is near, every 3 s when idle, 1.5 s when moving', () => {
    expect(nextPollDelay({ ...base, elapsedMs: 5_000, polls: 5 })).toBe(1000)
    expect(nextPollDelay({ ...base, nearDone: true })).toBe(1000)
    expect(nextPollDelay({ ...base, moving: true })).toBe(1500)
    expect(nextPollDelay(base)).toBe(3000)
  })

  it('slows down to stay within one call per 2.4 s in the long run, however close the end looks', () => {
    // 80 calls after 120 s is over budget: the next one waits, but never longer than the idle pace.
    expect(nextPollDelay({ ...base, elapsedMs: 120_000, polls: 80, nearDone: true })).toBe(3000)
    expect(nextPollDelay({ ...base, elapsedMs: 120_000, polls: 70, nearDone: true })).toBe(2400)
    let elapsed = 0
    let polls = 0
    while (elapsed < 600_000) {
      polls++
      elapsed += nextPollDelay({ ...base, elapsedMs: elapsed, polls, nearDone: true })
    }
    expect(elapsed / polls).toBeGreaterThanOrEqual(2000)
  })

  it('while old tasks drain, keeps the usual pace and looks every 0.75 s from 1.5 s before the earliest end', () => {
    // All new tasks run, but the old ones drain for another 40 s: nothing can end before then.
    expect(nextPollDelay({ ...base, nearDone: true, untilEarliestEndMs: 40_000 })).toBe(3000)
    expect(nextPollDelay({ ...base, nearDone: true, moving: true, untilEarliestEndMs: 40_000 })).toBe(1500)
    // Also in the first seconds, when a quick end is impossible.
    expect(nextPollDelay({ ...base, elapsedMs: 2_000, polls: 2, untilEarliestEndMs: 300_000 })).toBe(3000)
    // Close to the end: wake up 1.5 s before it, then every 0.75 s.
    expect(nextPollDelay({ ...base, nearDone: true, untilEarliestEndMs: 4_000 })).toBe(2500)
    expect(nextPollDelay({ ...base, nearDone: true, untilEarliestEndMs: 2_000 })).toBe(750)
    expect(nextPollDelay({ ...base, nearDone: true, untilEarliestEndMs: 0 })).toBe(750)
    // Due, but new tasks still starting: the usual cadence, every second at first.
    expect(nextPollDelay({ ...base, elapsedMs: 2_000, polls: 2, untilEarliestEndMs: 0 })).toBe(1000)
    expect(nextPollDelay({ ...base, untilEarliestEndMs: 0 })).toBe(3000)
  })

  it('ignores the drain when tasks fail: a FAILED verdict does not wait for old tasks', () => {
    expect(nextPollDelay({ ...base, nearDone: true, failing: true, untilEarliestEndMs: 40_000 })).toBe(1000)
  })

  it('averages over 2 s per call through a long rollout whose end is forecast, looking closely at the end', () => {
    // A 300 s rollout: new tasks run from 100 s, old ones drain from 180 s for 120 s.
    const delays: { at: number; delay: number }[] = []
    let elapsed = 0
    let polls = 0
    while (elapsed < 300_000) {
      polls++
      const nearDone = elapsed >= 100_000
      const earliestEnd = elapsed < 180_000 ? elapsed + 120_000 : 300_000
      const delay = nextPollDelay({
        ...base,
        elapsedMs: elapsed,
        polls,
        nearDone,
        untilEarliestEndMs: earliestEnd - elapsed
      })
      delays.push({ at: elapsed, delay })
      elapsed += delay
    }
    expect(elapsed / polls).toBeGreaterThanOrEqual(2000)
    expect(delays.filter(d => d.at >= 298_500).every(d => d.delay === 750)).toBe(true)
    expect(elapsed - 300_000).toBeLessThanOrEqual(750)
  })

  it('backs off exponentially with jitter when throttled, up to 20 s', () => {
    const at = (throttled: number, random: number) => nextPollDelay({ ...base, throttled, random })
    expect([at(1, 0), at(1, 0.999)]).toEqual([1000, 1999])
    expect([at(2, 0), at(3, 0), at(4, 0)]).toEqual([2000, 4000, 8000])
    expect(at(10, 0.999)).toBeLessThanOrEqual(20_000)
    expect(at(10, 0)).toBe(10_000)
  })
})

describe('pollHints and shouldListStoppedTasks', () => {
  const d = (running: number, pending: number, failed = 0, desired = 2): Deployment => ({
    id: OURS,
    rolloutState: 'IN_PROGRESS',
    desiredCount: desired,
    runningCount: running,
    pendingCount: pending,
    failedTasks: failed
  })

  it('sees movement and a near end', () => {
    expect(pollHints(d(1, 1), d(1, 1), 0, 0)).toEqual({ moving: false, nearDone: false, failing: false })
    expect(pollHints(d(1, 1), d(2, 0), 0, 0)).toEqual({ moving: true, nearDone: true, failing: false })
    expect(pollHints(d(0, 2), d(0, 2, 1), 0, 2)).toEqual({ moving: true, nearDone: true, failing: true })
    expect(pollHints(d(0, 2), d(0, 2), 1, 2).moving).toBe(true)
    // All new tasks run, but old ones too: they have to stop before ECS can complete the deployment.
    expect(pollHints(d(2, 0), d(2, 0), 0, 2)).toEqual({ moving: false, nearDone: false, failing: false })
  })

  it('lists stopped tasks only on a hint and not more than every 5 s', () => {
    const none = new Set<string>()
    expect(shouldListStoppedTasks(d(2, 0), d(1, 1), [], 10_000, false, none)).toBe(true)
    expect(shouldListStoppedTasks(d(2, 0), d(1, 1), [], 4_000, false, none)).toBe(false)
    expect(shouldListStoppedTasks(d(0, 2), d(0, 2, 1), [], 10_000, false, none)).toBe(true)
    expect(shouldListStoppedTasks(d(0, 2), d(1, 1), [], 10_000, false, none)).toBe(false)
    expect(
      shouldListStoppedTasks(
        d(1, 1),
        d(1, 1),
        ['(service web) has stopped 1 running tasks'],
        10_000,
        false,
        none
      )
    ).toBe(true)
    expect(shouldListStoppedTasks(d(1, 1), d(1, 1), [], 29_000, false, none)).toBe(false)
    expect(shouldListStoppedTasks(d(1, 1), d(1, 1), [], 30_000, false, none)).toBe(true)
    expect(shouldListStoppedTasks(d(2, 0), d(2, 0), [], 60_000, false, none)).toBe(false)
    expect(shouldListStoppedTasks(d(2, 0), d(2, 0), [], 6_000, true, none)).toBe(true)
  })

  it('does not list stopped tasks when ECS only stopped old tasks, named in its event', () => {
    const ours = new Set(['a1', 'b2'])
    const stopped = (ids: string[]) => [
      `(service web) has stopped ${ids.length} running tasks: ${ids.map(id => `(task ${id})`).join(' ')}.`
    ]
    expect(shouldListStoppedTasks(d(2, 0), d(2, 0), stopped(['old1', 'old2']), 10_000, false, ours)).toBe(
      false
    )
    expect(shouldListStoppedTasks(d(2, 0), d(2, 0), stopped(['old1', 'b2']), 10_000, false, ours)).toBe(true)
    expect(startedTaskIdsIn('(service web) has started 2 tasks: (task a1) (task b2).')).toEqual(['a1', 'b2'])
    expect(startedTaskIdsIn('(service web) has stopped 1 running tasks: (task a1).')).toEqual([])
  })

  it('retries throttling and server faults, also wrapped, but not access denied', () => {
    const named = (name: string) => Object.assign(new Error(name), { name })
    expect(isRetryable(named('ThrottlingException'))).toBe(true)
    expect(
      isRetryable(
        Object.assign(new Error('wrapped'), { name: 'AwsCallError', cause: named('ServerException') })
      )
    ).toBe(true)
    expect(isRetryable(named('AccessDeniedException'))).toBe(false)
    expect(isRetryable(named('ClusterNotFoundException'))).toBe(false)
  })
})

describe('explaining stopped tasks', () => {
  const report = (
    stoppedReason: string,
    containers: { name: string; exitCode?: number; reason?: string }[],
    second = 10
  ) => ({
    taskArn: taskArn(`t${second}`),
    taskDefinitionArn: td(8),
    stoppedReason,
    stoppedAt: new Date(T0 + second * 1000),
    containers
  })

  it('says which essential container exited with which code, from the latest stopped task', () => {
    const reports = [
      report('CannotPullContainerError: not found', [{ name: 'app' }], 5),
      report(
        'Essential container in task exited',
        [
          { name: 'sidecar', exitCode: 2 },
          { name: 'app', exitCode: 1, reason: 'OutOfMemoryError: Container killed due to memory usage' }
        ],
        9
      )
    ]
    expect(explainStoppedTasks(reports, td(8), appTaskDefinition())).toBe(
      'Essential container "app" of web:8 exited with code 1: OutOfMemoryError: Container killed due to memory usage'
    )
  })

  it('tells start failures, health checks and bare stops apart', () => {
    const pull =
      'CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref'
    expect(explainStoppedTasks([report(pull, [{ name: 'app' }])], td(8))).toBe(
      `Tasks of web:8 failed to start: ${pull}`
    )
    expect(
      explainStoppedTasks(
        [report('Task failed container health checks', [{ name: 'app', exitCode: 137 }])],
        td(8)
      )
    ).toBe('Tasks of web:8 failed health checks: Task failed container health checks')
    expect(
      explainStoppedTasks(
        [report('Scaling activity initiated by deployment', [{ name: 'app', exitCode: 0 }])],
        td(8)
      )
    ).toBe('Tasks of web:8 stopped: Scaling activity initiated by deployment')
    expect(explainStoppedTasks([], td(8))).toBeUndefined()
  })

  it('finds the awslogs stream of a container, or none without awslogs and a prefix', () => {
    expect(logLocation(appTaskDefinition(), 'app', taskArn('abc123'))).toEqual({
      region: 'eu-west-1',
      group: '/ecs/web',
      stream: 'web/app/abc123'
    })
    expect(logLocation(appTaskDefinition(), 'sidecar', taskArn('abc123'))).toBeUndefined()
    expect(logLocation(undefined, 'app', taskArn('abc123'))).toBeUndefined()
  })

  it('formats a stopped task with its containers and log tail', () => {
    const r = report('Essential container in task exited', [
      { name: 'app', exitCode: 1, logTail: ['a', 'b'] } as never,
      { name: 'db-proxy' }
    ])
    expect(formatStoppedTask(r)).toEqual([
      'Task t10 (web:8) stopped at 12:00:10: Essential container in task exited',
      '  container app: exit code 1',
      '    last 2 log lines:',
      '    | a',
      '    | b',
      '  container db-proxy: no exit code'
    ])
  })
})

describe('decide', () => {
  const look = (deployments: Deployment[], extra: Partial<Observation> = {}): Observation => ({
    now: T0 + 5_000,
    service: { serviceName: 'web', status: 'ACTIVE', deployments },
    fresh: [],
    stoppedTaskCount: 0,
    stoppedTasks: [],
    ...extra
  })
  const mine = (extra: Partial<Deployment> = {}): Deployment => ({
    id: OURS,
    status: 'PRIMARY',
    taskDefinition: td(8),
    rolloutState: 'IN_PROGRESS',
    desiredCount: 2,
    runningCount: 2,
    pendingCount: 0,
    ...extra
  })

  it('is not done while ours is IN_PROGRESS, even with all tasks running', () => {
    expect(decide(request(), initialState(request(), T0), look([mine()])).verdict).toBeUndefined()
  })

  it('waits briefly for the rollback ECS is configured to start, then fails plainly', () => {
    const failed = mine({
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.'
    })
    const withRollback = {
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } }
    }
    const first = decide(
      request(),
      initialState(request(), T0),
      look([failed], { service: { status: 'ACTIVE', deployments: [failed], ...withRollback } })
    )
    expect(first.verdict).toBeUndefined()
    const later = decide(
      request(),
      first.state,
      look([failed], {
        now: T0 + 40_000,
        service: { status: 'ACTIVE', deployments: [failed], ...withRollback }
      })
    )
    expect(later.verdict?.outcome).toBe('FAILED')
    expect(later.verdict?.cause).toBe(
      `Deployment ${OURS} of web:8 failed: ECS deployment circuit breaker: tasks failed to start.`
    )
  })

  it('treats a rollback event as ECS rolling back even before ours shows FAILED', () => {
    const rollback: Deployment = {
      id: 'ecs-svc/3',
      status: 'PRIMARY',
      taskDefinition: td(7),
      rolloutState: 'IN_PROGRESS',
      desiredCount: 2
    }
    const decision = decide(
      request(),
      initialState(request(), T0),
      look([rollback, mine({ status: 'ACTIVE' })], {
        fresh: [ev('r', 4, '(service web) rolling back to deployment ecs-svc/0.')]
      })
    )
    expect(decision.verdict).toBeUndefined()
    expect(decision.state.following).toEqual({ deploymentId: 'ecs-svc/3', taskDefinitionArn: td(7) })
  })

  it("names ECS's failure event as the reason when our failed deployment already left the list", () => {
    const rollback: Deployment = {
      id: 'ecs-svc/3',
      status: 'PRIMARY',
      taskDefinition: td(7),
      rolloutState: 'IN_PROGRESS',
      desiredCount: 2
    }
    const decision = decide(
      request(),
      initialState(request(), T0),
      look([rollback], {
        fresh: [
          ev('o', 3, '(service web) (deployment ecs-svc/9) deployment failed: somebody else failed.'),
          ev('f', 4, `(service web) (deployment ${OURS}) deployment failed: tasks failed to start.`),
          ev('r', 4, '(service web) rolling back to deployment ecs-svc/0.')
        ]
      })
    )
    expect(decision.state.ecsRollback?.failure).toBe(
      `Deployment ${OURS} of web:8 failed: deployment failed: tasks failed to start.`
    )
    // An IN_PROGRESS deployment's reason ("... in progress.") is no reason for a failure.
    const stillListed = decide(
      request(),
      initialState(request(), T0),
      look(
        [rollback, mine({ status: 'ACTIVE', rolloutStateReason: `ECS deployment ${OURS} in progress.` })],
        {
          fresh: [ev('r', 4, '(service web) rolling back to deployment ecs-svc/0.')]
        }
      )
    )
    expect(stillListed.state.ecsRollback?.failure).toBe(`Deployment ${OURS} of web:8 failed`)
  })

  it('gives our deployment a few seconds to appear, then fails if nothing replaced it', () => {
    const start = initialState(request(), T0)
    expect(decide(request(), start, look([])).verdict).toBeUndefined()
    expect(decide(request(), start, look([], { now: T0 + 11_000 })).verdict?.cause).toContain(
      `Deployment ${OURS} is no longer listed`
    )
  })

  it('reports a missing service as SERVICE_INACTIVE', () => {
    const decision = decide(request(), initialState(request(), T0), look([], { service: undefined }))
    expect(decision.verdict).toMatchObject({ outcome: 'SERVICE_INACTIVE', ok: false })
    expect(decision.verdict?.cause).toContain('Service web was not found in cluster prod')
  })
})
