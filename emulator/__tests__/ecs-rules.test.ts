import { describe, it, expect } from '@jest/globals'
import {
  circuitBreakerThreshold,
  newDeploymentId,
  newTaskId,
  planRollingStep,
  type PlanTask
} from '../ecs/rules.js'
import { mergeScenario, defaultScenario } from '../ecs/scenario.js'

describe('circuitBreakerThreshold', () => {
  it.each([
    [1, 3],
    [4, 3],
    [6, 3],
    [7, 4],
    [10, 5],
    [399, 200],
    [500, 200]
  ])('desired count %i trips after %i failed tasks', (desired, threshold) => {
    expect(circuitBreakerThreshold(desired)).toBe(threshold)
  })
})

describe('planRollingStep', () => {
  const tasks = (deploymentId: string, healthy: boolean, n: number, from = 0): PlanTask[] =>
    Array.from({ length: n }, (_, i) => ({ id: `${deploymentId}-${from + i}`, deploymentId, healthy }))

  it('with 100/200 starts a full new set first and keeps the old tasks until new ones are healthy', () => {
    const base = {
      desiredCount: 2,
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      primaryDeploymentId: 'new'
    }
    expect(planRollingStep({ ...base, active: tasks('old', true, 2) })).toEqual({ stop: [], start: 2 })
    expect(
      planRollingStep({ ...base, active: [...tasks('old', true, 2), ...tasks('new', false, 2)] })
    ).toEqual({ stop: [], start: 0 })
    expect(
      planRollingStep({
        ...base,
        active: [...tasks('old', true, 2), ...tasks('new', true, 1), ...tasks('new', false, 1, 1)]
      })
    ).toEqual({
      stop: ['old-0'],
      start: 0
    })
    expect(
      planRollingStep({ ...base, active: [...tasks('old', true, 2), ...tasks('new', true, 2)] })
    ).toEqual({
      stop: ['old-0', 'old-1'],
      start: 0
    })
  })

  it('with 50/100 stops half the old tasks first to make room', () => {
    const plan = planRollingStep({
      desiredCount: 4,
      minimumHealthyPercent: 50,
      maximumPercent: 100,
      primaryDeploymentId: 'new',
      active: tasks('old', true, 4)
    })
    expect(plan).toEqual({ stop: ['old-0', 'old-1'], start: 2 })
  })

  it('stops old tasks that are not healthy regardless of the minimum, and scales the primary in', () => {
    const plan = planRollingStep({
      desiredCount: 1,
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      primaryDeploymentId: 'new',
      active: [...tasks('failed', false, 1), ...tasks('new', true, 3)]
    })
    expect([...plan.stop].sort()).toEqual(['failed-0', 'new-0', 'new-1'])
    expect(plan.start).toBe(0)
  })

  it('rounds the minimum up and the maximum down, as ECS does', () => {
    // 3 × 150% = 4.5 → at most 4 tasks; 3 × 50% = 1.5 → at least 2 healthy.
    const plan = planRollingStep({
      desiredCount: 3,
      minimumHealthyPercent: 50,
      maximumPercent: 150,
      primaryDeploymentId: 'new',
      active: tasks('old', true, 3)
    })
    expect(plan).toEqual({ stop: ['old-0'], start: 2 })
  })
})

describe('ids', () => {
  it('makes deployment ids like ecs-svc/ and 19 digits, and 32-hex task ids', () => {
    expect(newDeploymentId()).toMatch(/^ecs-svc\/[1-9]\d{18}$/)
    expect(newTaskId()).toMatch(/^[0-9a-f]{32}$/)
    expect(newTaskId()).not.toBe(newTaskId())
  })
})

describe('mergeScenario', () => {
  it('replaces only the given parts', () => {
    const next = mergeScenario(defaultScenario, {
      drainSeconds: 1,
      failures: [{ kind: 'exit', image: 'web', exitCode: 2 }]
    })
    expect(next).toEqual({
      ...defaultScenario,
      drainSeconds: 1,
      failures: [{ kind: 'exit', image: 'web', exitCode: 2 }]
    })
    expect(mergeScenario(next, { taskStartSeconds: 3 })).toMatchObject({
      drainSeconds: 1,
      taskStartSeconds: 3
    })
  })

  it('names the bad field', () => {
    expect(() => mergeScenario(defaultScenario, { failures: [{ kind: 'crash' }] })).toThrow(
      /failures\[0\]\.kind must be one of pull, exit, health-check/
    )
    expect(() => mergeScenario(defaultScenario, { drainSeconds: -1 })).toThrow(
      /scenario.drainSeconds must be a number/
    )
    expect(() => mergeScenario(defaultScenario, { speed: 2 })).toThrow(/no field "speed"/)
  })
})
