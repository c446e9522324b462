// How often a service deployment is looked at, and when its waits end.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import {
  knownEndAt,
  nextStagedPollDelay,
  stagedEventsEvery,
  STAGED_DUE_MS,
  STAGED_FAST_MS
} from '../../src/rollout/staged-cadence.js'
import {
  ATTENTIVE_MS as STAGED_ATTENTIVE_MS,
  QUIET_MS as STAGED_QUIET_MS
} from '../../src/rollout/attention.js'

const sd = (over: Partial<ServiceDeployment>): ServiceDeployment => ({
  serviceDeploymentArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl',
  status: 'IN_PROGRESS',
  lifecycleStage: 'SCALE_UP',
  ...over
})

describe('cadence', () => {
  const base = { polls: 50, changed: false, waiting: true, throttled: 0, random: 0.5 }
  const quiet = { ...base, elapsedMs: 600_000, sinceChangeMs: 300_000 }
  it('where tasks move: every second early and after a change, else 1.5 s', () => {
    const moving = { ...base, waiting: false, sinceChangeMs: 0 }
    expect(nextStagedPollDelay({ ...moving, elapsedMs: 5_000 })).toBe(STAGED_FAST_MS)
    expect(nextStagedPollDelay({ ...moving, elapsedMs: 60_000, changed: true })).toBe(STAGED_FAST_MS)
    expect(nextStagedPollDelay({ ...moving, elapsedMs: 60_000, sinceChangeMs: 10_000 })).toBe(1_500)
    expect(nextStagedPollDelay({ ...moving, elapsedMs: 60_000, throttled: 3 })).toBeGreaterThanOrEqual(4_000)
  })

  it('in a wait: every 0.75 s for two minutes after a change, then every 3 s, and every second around a known end', () => {
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, sinceChangeMs: 0, changed: true })).toBe(
      STAGED_ATTENTIVE_MS
    )
    expect(nextStagedPollDelay({ ...base, elapsedMs: 160_000, sinceChangeMs: 119_999 })).toBe(
      STAGED_ATTENTIVE_MS
    )
    expect(nextStagedPollDelay({ ...base, elapsedMs: 160_000, sinceChangeMs: 120_000 })).toBe(STAGED_QUIET_MS)
    expect(nextStagedPollDelay({ ...quiet, untilKnownEndMs: 600_000 })).toBe(STAGED_QUIET_MS)
    // The last wait before the end is shorter, so a look lands on it; then one a second.
    expect(nextStagedPollDelay({ ...quiet, untilKnownEndMs: 3_500 })).toBe(3_000)
    expect(nextStagedPollDelay({ ...quiet, untilKnownEndMs: 1_500 })).toBe(1_500)
    expect(nextStagedPollDelay({ ...quiet, untilKnownEndMs: 0 })).toBe(STAGED_DUE_MS)
    expect(nextStagedPollDelay({ ...quiet, untilKnownEndMs: -4_000 })).toBe(STAGED_DUE_MS)
    // Well past the end ECS has not moved: back to the wait's pace.
    expect(nextStagedPollDelay({ ...quiet, untilKnownEndMs: -6_000 })).toBe(STAGED_QUIET_MS)
    expect(nextStagedPollDelay({ ...quiet, throttled: 3 })).toBeGreaterThanOrEqual(4_000)
  })

  it("reads the service's events every 15 s, and every 60 s in a quiet wait", () => {
    expect(stagedEventsEvery({ waiting: false, sinceChangeMs: 600_000 })).toBe(15_000)
    expect(stagedEventsEvery({ waiting: true, sinceChangeMs: 60_000 })).toBe(15_000)
    expect(stagedEventsEvery({ waiting: true, sinceChangeMs: 120_000 })).toBe(60_000)
  })

  it('a bake of 20 minutes: about 26 looks a minute, none more than 3 s apart, one within a second of its end', () => {
    let t = 0
    let polls = 0
    const bakeEnd = 20 * 60_000
    const gaps: number[] = []
    while (t < bakeEnd) {
      polls++
      const end = knownEndAt(
        sd({ lifecycleStage: 'BAKE_TIME' }),
        { bakeTimeInMinutes: 20 },
        { stageSeenAt: 0, weightSeenAt: 0 }
      )!
      const gap = nextStagedPollDelay({
        ...base,
        elapsedMs: t + 30_000,
        sinceChangeMs: t,
        polls,
        untilKnownEndMs: end - t
      })
      gaps.push(gap)
      t += gap
    }
    expect(polls / 20).toBeLessThanOrEqual(26.5)
    expect(Math.max(...gaps)).toBe(3_000)
    expect(t - bakeEnd).toBeLessThanOrEqual(1_000)
  })
})
