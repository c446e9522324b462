import { describe, it, expect } from '@jest/globals'
import type { Deployment } from '@aws-sdk/client-ecs'
import { earliestEnd, targetGroupArns, updateForecast, type DrainForecast } from '../../src/rollout/drain.js'
import { saysTasksStopped } from '../../src/rollout/progress.js'
import { OLD, OURS } from '../../__fixtures__/rollout-fakes.js'

const DELAY = 60_000
const ours = (running: number): Deployment => ({ id: OURS, desiredCount: 2, runningCount: running })
const old = (running: number): Deployment => ({ id: OLD, desiredCount: 2, runningCount: running })

/** Looks at the service at the given seconds, as the watcher does, and returns the forecast after each. */
function looks(
  ...seen: { at: number; deployments: Deployment[]; stopped?: boolean }[]
): { forecast: DrainForecast; end?: number }[] {
  let forecast: DrainForecast = {}
  let previous: number | undefined
  return seen.map(({ at, deployments, stopped }) => {
    const now = at * 1000
    forecast = updateForecast(forecast, deployments, OURS, previous ?? now, DELAY, stopped ?? false)
    previous = now
    return { forecast, end: earliestEnd(forecast, deployments, OURS, now, DELAY) }
  })
}

describe('the drain forecast', () => {
  it('puts the end a whole delay away while old tasks still run', () => {
    const [first] = looks({ at: 10, deployments: [ours(2), old(2)] })
    expect(first?.end).toBe(10_000 + DELAY)
  })

  it('dates a drain from the look before the one that saw old tasks leave RUNNING, never later', () => {
    const result = looks(
      { at: 10, deployments: [ours(2), old(2)] },
      { at: 13, deployments: [ours(2), old(0)] },
      { at: 40, deployments: [ours(2), old(0)] }
    )
    expect(result[1]?.end).toBe(10_000 + DELAY)
    expect(result[2]?.end).toBe(10_000 + DELAY)
  })

  it('keeps the latest of several draining batches', () => {
    const result = looks(
      { at: 0, deployments: [ours(1), old(2)] },
      { at: 3, deployments: [ours(1), old(1)] },
      { at: 30, deployments: [ours(2), old(1)] },
      { at: 33, deployments: [ours(2), old(0)] }
    )
    expect(result[3]?.end).toBe(30_000 + DELAY)
  })

  it('ends the drain early when ECS says it stopped tasks (ELB deregisters a target without connections at once)', () => {
    const result = looks(
      { at: 10, deployments: [ours(2), old(2)] },
      { at: 13, deployments: [ours(2), old(0)] },
      { at: 16, deployments: [ours(2), old(0)], stopped: true }
    )
    expect(result[1]?.end).toBe(10_000 + DELAY)
    expect(result[2]?.end).toBeUndefined()
    expect(saysTasksStopped('(service web) has stopped 2 running tasks: (task a) (task b).')).toBe(true)
    expect(saysTasksStopped('(service web) has stopped 1 running tasks: (task a).')).toBe(true)
    expect(saysTasksStopped('(service web) has begun draining connections on 2 tasks.')).toBe(false)
  })

  it('says "any moment" once the delay has passed, when no old deployment is left, or when old tasks drained before the first look', () => {
    const passed = looks(
      { at: 0, deployments: [ours(2), old(2)] },
      { at: 3, deployments: [ours(2), old(0)] },
      { at: 61, deployments: [ours(2), old(0)] }
    )
    expect(passed[2]?.end).toBeUndefined()
    expect(looks({ at: 5, deployments: [ours(2)] })[0]?.end).toBeUndefined()
    expect(looks({ at: 5, deployments: [ours(2), old(0)] })[0]?.end).toBeUndefined()
  })

  it("reads the target groups from the service's load balancers, once each", () => {
    const tg = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef'
    const service = {
      loadBalancers: [
        { targetGroupArn: tg, containerName: 'app', containerPort: 8080 },
        { targetGroupArn: tg, containerName: 'app', containerPort: 8443 },
        { loadBalancerName: 'classic-elb', containerName: 'app', containerPort: 8080 }
      ]
    }
    expect(targetGroupArns(service)).toEqual([tg])
    expect(targetGroupArns({})).toEqual([])
  })
})
