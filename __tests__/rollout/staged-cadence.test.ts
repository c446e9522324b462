// How often a service deployment is looked at, and when its waits end.
import { describe, expect, it } from '@jest/globals'
import type { ServiceDeployment } from '@aws-sdk/client-ecs'
import {
  knownEndAt,
  nextStagedPollDelay,
  STAGED_DUE_MS,
  STAGED_QUIET_MS
} from '../../src/rollout/staged-cadence.js'

const sd = (over: Partial<ServiceDeployment>): ServiceDeployment => ({
  serviceDeploymentArn: 'arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/web/r2Dp4WQxl',
  status: 'IN_PROGRESS',
  lifecycleStage: 'SCALE_UP',
  ...over
})

describe('cadence', () => {
  const base = { polls: 50, changed: false, waiting: true, throttled: 0, random: 0.5 }
  it('looks every second early and after a change, slowly in a long bake, and every 0.75 s near its known end', () => {
    expect(nextStagedPollDelay({ ...base, elapsedMs: 5_000 })).toBe(1_000)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, changed: true })).toBe(1_000)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 600_000 })).toBe(
      STAGED_QUIET_MS
    )
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 3_000 })).toBe(1_500)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, untilKnownEndMs: 1_000 })).toBe(STAGED_DUE_MS)
    expect(nextStagedPollDelay({ ...base, elapsedMs: 60_000, throttled: 3 })).toBeGreaterThanOrEqual(4_000)
  })

  it('a bake of 20 minutes: at most one status call per 2 s on average, and one within a second of its end', () => {
    let t = 0
    let polls = 0
    const bakeEnd = 20 * 60_000
    let lastLookBeforeEnd = 0
    while (t < bakeEnd) {
      polls++
      lastLookBeforeEnd = t
      const end = knownEndAt(
        sd({ lifecycleStage: 'BAKE_TIME' }),
        { bakeTimeInMinutes: 20 },
        { stageSeenAt: 0, weightSeenAt: 0 }
      )!
      t += nextStagedPollDelay({ ...base, elapsedMs: t + 30_000, polls, untilKnownEndMs: end - t })
    }
    expect(bakeEnd / polls).toBeGreaterThan(2_000)
    expect(t - bakeEnd).toBeLessThanOrEqual(1_000)
    expect(bakeEnd - lastLookBeforeEnd).toBeLessThanOrEqual(1_000)
  })
})
