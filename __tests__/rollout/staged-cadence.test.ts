// How often a service deployment is looked at, and when its waits end.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import {
  knownEndAt,
  nextStagedPollDelay,
  STAGED_DUE_MS,
  STAGED_FAST_MS,
  STAGED_WAIT_MS
} from '../../src/rollout/staged-cadence.js'

const sd = (over: Partial<ServiceDeployment>): ServiceDeployment => ({
  serviceDeploymentArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl',
  status: 'IN_PROGRESS',
  lifecycleStage: 'SCALE_UP',
  ...over
})

describe('cadence', () => {
  const base = { polls: 50, changed: false, waiting: true, throttled: 0, random: 0.5 }
  it('every second early, after a change and near a known end; every 2 s in a wait; 1.5 s where tasks move', () => {
    expect(nextStagedPollDelay({ ...base, elapsedMs: 5_000 })).toBe(STAGED_FAST_MS)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, changed: true })).toBe(STAGED_FAST_MS)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 600_000 })).toBe(STAGED_WAIT_MS)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000 })).toBe(STAGED_WAIT_MS)
    // The last wait before the end is shorter, so a look lands on it; then one a second.
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 3_500 })).toBe(2_000)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 1_500 })).toBe(1_500)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 0 })).toBe(STAGED_DUE_MS)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: -4_000 })).toBe(STAGED_DUE_MS)
    // Well past the end ECS has not moved: back to the wait's pace.
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: -6_000 })).toBe(STAGED_WAIT_MS)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, waiting: false })).toBe(1_500)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, throttled: 3 })).toBeGreaterThanOrEqual(4_000)
  })

  it('a bake of 20 minutes: at most 30 looks a minute, none more than 2 s apart, one within a second of its end', () => {
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
      const gap = nextStagedPollDelay({ ...base, elapsedMs: t + 30_000, polls, untilKnownEndMs: end - t })
      gaps.push(gap)
      t += gap
    }
    expect(polls / 20).toBeLessThanOrEqual(30)
    expect(Math.max(...gaps)).toBe(2_000)
    expect(t - bakeEnd).toBeLessThanOrEqual(1_000)
  })
})
